import { Select } from '@codegouvfr/react-dsfr/Select';

/** A DSFR select among a fixed list (a page's filter beside its territory, a period); `onChange` gets one of the values. */
export function OptionsSelect<V extends string>({
  label,
  name,
  value,
  options,
  onChange,
  className,
}: {
  label: string;
  name: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
  className?: string;
}) {
  return (
    <Select
      className={className}
      label={label}
      nativeSelectProps={{
        name,
        value,
        onChange: (e) => {
          const chosen = options.find((o) => o.value === e.target.value);
          if (chosen) onChange(chosen.value);
        },
      }}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}
