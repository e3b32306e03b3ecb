import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeWindows1252, detectInput, detectSeparator } from './detect';
import type { DecodedText } from './detect';
import { isFileError } from './types';
import type { ImportFileError } from './types';

const enc = new TextEncoder();
const utf8 = (s: string) => enc.encode(s);

function decoded(text: string): DecodedText {
  const d = decodeBytes(utf8(text));
  if (isFileError(d)) throw new Error(d.reason);
  return d;
}
function detect(text: string) {
  return detectInput(decoded(text));
}
function expectError(value: unknown, pattern: RegExp) {
  expect(isFileError(value)).toBe(true);
  expect((value as ImportFileError).reason).toMatch(pattern);
}

describe('decodeBytes', () => {
  it('reads UTF-8 with and without BOM', () => {
    const plain = decodeBytes(utf8('nom\nCafé'));
    const bom = decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('nom\nCafé')]));
    expect(plain).toMatchObject({ text: 'nom\nCafé', encoding: 'utf-8', warnings: [] });
    expect(bom).toMatchObject({ text: 'nom\nCafé', encoding: 'utf-8' });
  });

  it('reads UTF-16 LE and BE with their BOM', () => {
    const text = 'nom;commune\nÉcole;Poitiers';
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le[2 + 2 * i] = c & 0xff;
      le[3 + 2 * i] = c >> 8;
      be[2 + 2 * i] = c >> 8;
      be[3 + 2 * i] = c & 0xff;
    }
    expect(decodeBytes(le)).toMatchObject({ text, encoding: 'utf-16le' });
    expect(decodeBytes(be)).toMatchObject({ text, encoding: 'utf-16be' });
  });

  it('falls back to windows-1252 with a warning, € and œ included', () => {
    // "Cœur 5 € é" in windows-1252
    const bytes = new Uint8Array([0x43, 0x9c, 0x75, 0x72, 0x20, 0x35, 0x20, 0x80, 0x20, 0xe9]);
    const d = decodeBytes(bytes);
    expect(d).toMatchObject({ text: 'Cœur 5 € é', encoding: 'windows-1252' });
    expect((d as DecodedText).warnings[0]?.reason).toMatch(/Windows-1252/);
    expect(decodeWindows1252(new Uint8Array([0x92, 0x85]))).toBe('’…');
  });

  it('refuses empty files and whitespace-only files', () => {
    expectError(decodeBytes(new Uint8Array()), /^Le fichier est vide$/);
    expectError(decodeBytes(utf8('  \n\r\n ')), /^Le fichier est vide$/);
    expectError(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf])), /^Le fichier est vide$/);
  });

  it('refuses binary files with a precise message', () => {
    expectError(decodeBytes(utf8('%PDF-1.7\n...')), /n'est pas du texte : c'est un document PDF/);
    expectError(decodeBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), /n'est pas du texte.*Excel/);
    expectError(decodeBytes(new Uint8Array([0x6e, 0x00, 0x6f, 0x00, 0x6d, 0x00, 0x0a, 0x00])), /n'est pas du texte/);
    expect(isFileError(decodeBytes(utf8(`nom\n${'a'.repeat(1000)}\u0000`)))).toBe(false);
  });

  it('fails on 50 MB of random bytes with a clear message', () => {
    const garbage = randomBytes(50 * 1024 * 1024);
    garbage[0] = 0x41; // not a known magic number: the text check has to catch it
    expectError(decodeBytes(garbage), /n'est pas du texte/);
  });
});

describe('detectSeparator', () => {
  it('picks the separator used most outside quotes', () => {
    expect(detectSeparator('id,nom,commune')).toBe(',');
    expect(detectSeparator('id;nom;"a,b,c"')).toBe(';');
    expect(detectSeparator('id\tnom\tcommune')).toBe('\t');
    expect(detectSeparator('nom')).toBe(',');
  });
});

describe('detectInput', () => {
  it('recognises the standard v1 CSV, with a warning for a non-comma separator', () => {
    expect(detect('id,pivot,nom,commune,frais_a_charge\n')).toMatchObject({ format: 'standard-v1-csv', separator: ',' });
    const semicolon = detect('id;nom;commune;courriels\n1;a;b;c');
    expect(semicolon).toMatchObject({ format: 'standard-v1-csv', separator: ';' });
    expect((semicolon as { warnings: unknown[] }).warnings).toHaveLength(1);
  });

  it('recognises v0 CSV by its v0-only columns', () => {
    expect(detect('id,nom,commune,courriel,conditions_acces,labels_nationaux\n')).toMatchObject({ format: 'v0-csv' });
  });

  it('recognises France Services by id_fs / lib_fs', () => {
    expect(detect('"id_fs","insee_dep","lib_fs","adresse"\n')).toMatchObject({ format: 'france-services-csv' });
  });

  it('recognises JSON layouts', () => {
    expect(detect('[{"id":"1","nom":"a","courriels":"x@y.fr"}]')).toMatchObject({ format: 'standard-v1-json' });
    expect(detect('[{"id":"1","nom":"a","courriel":"x@y.fr","conditions_access":"Gratuit"}]')).toMatchObject({ format: 'v0-json' });
    expect(detect('{"structures":[],"services":[]}')).toMatchObject({ format: 'data-inclusion-json' });
    expect(detect('[{"id":"dora--1","nom":"a","siret":"12345678901234","reseaux_porteurs":[]}]')).toMatchObject({
      format: 'data-inclusion-json',
    });
  });

  it('lets an explicit format override the guess', () => {
    const d = decoded('id,nom,courriel,conditions_acces\n1,a,b,c');
    expect(detectInput(d, 'standard-v1-csv')).toMatchObject({ format: 'standard-v1-csv' });
    expect(detectInput(decoded('[{"id":"1","nom":"a","courriels":"x"}]'), 'v0-json')).toMatchObject({ format: 'v0-json' });
  });

  it('gives French file errors for what is not a lieux file', () => {
    expectError(detect('[1,2,3]'), /^Le JSON n'est pas un tableau de lieux/);
    expectError(detect('{"a":1}'), /^Le JSON n'est pas un tableau de lieux/);
    expectError(detect('"texte"'), /Format non reconnu/);
    expectError(detect('[{"id": 1,'), /n'est pas un JSON valide/);
    expectError(detect('foo,bar,baz\n1,2,3'), /^Format non reconnu : la première ligne \(foo, bar, baz\)/);
    expectError(detect('<html><body>Erreur</body></html>'), /HTML/);
    expectError(detect('id,commune,adresse\n1,Poitiers,rue'), /^Colonne obligatoire absente : nom$/);
    expectError(detect('"id_fs","insee_dep","adresse"\n'), /^Colonne obligatoire absente : lib_fs$/);
    expectError(detect('x'.repeat(200_000)), /Format non reconnu/);
  });
});
