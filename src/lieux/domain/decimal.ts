/**
 * A finite number as a plain decimal with `.`, never in exponent notation: String(1e-7) gives "1e-7", which the
 * standard's number columns (and our own validation) do not accept. Keeps the shortest round-trip digits.
 */
export function plainDecimal(n: number): string {
  const s = String(n);
  if (!s.includes('e')) return s;
  const [mantissa, exp] = s.split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const [int, frac = ''] = mantissa.replace('-', '').split('.') as [string, string?];
  const digits = int + frac;
  const point = int.length + Number(exp);
  const body =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + body;
}
