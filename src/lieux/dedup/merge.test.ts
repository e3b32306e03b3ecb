import { describe, expect, it } from 'vitest';
import type { Provenance } from '../domain/lieu';
import { fieldGroup, importConflicts, mergeCluster, mergeWithEdition, pinnedFields, sameFieldValue } from './merge';
import { makeLieu, makeRecord } from './testing';

const EDITION = 'edition';
const POITIERS = { commune: 'Poitiers', code_postal: '86000', code_insee: '86194', adresse: '4 rue de l’Université' };
const from = (source: string, sourceId = 'x', dateMaj = '2026-01-01') => ({ source, sourceId, dateMaj });

describe('pinnedFields', () => {
  it('lists the fields credited to the edition, in the standard’s order, never id nor date_maj', () => {
    const provenance: Provenance = {
      id: from(EDITION),
      date_maj: from(EDITION),
      telephone: from(EDITION),
      nom: from('france-services'),
      horaires: from(EDITION),
      services: from('conseiller-numerique'),
    };
    expect(pinnedFields(provenance, EDITION)).toEqual(['telephone', 'horaires']);
    expect(pinnedFields(provenance, 'autre-source')).toEqual([]);
    expect(pinnedFields({}, EDITION)).toEqual([]);
  });

  it('pins the whole address when one address field was changed, and the whole point with one coordinate', () => {
    expect(pinnedFields({ code_postal: from(EDITION) }, EDITION)).toEqual([
      'commune',
      'code_postal',
      'code_insee',
      'adresse',
      'complement_adresse',
    ]);
    expect(pinnedFields({ longitude: from(EDITION) }, EDITION)).toEqual(['latitude', 'longitude']);
    expect(fieldGroup('telephone')).toEqual(['telephone']);
    expect(fieldGroup('latitude')).toEqual(['latitude', 'longitude']);
  });
});

describe('mergeWithEdition', () => {
  const imported = makeRecord('france-services', 'fs-1', {
    ...POITIERS,
    nom: 'France services',
    telephone: '+33549000000',
    horaires: 'Mo-Fr 09:00-12:00',
    services: ['Aide aux démarches administratives', 'Insertion professionnelle via le numérique'],
    publics_specifiquement_adresses: ['Seniors', 'Jeunes'],
    date_maj: '2026-01-01',
  });
  // People changed the phone and the hours; the rest of their edition is the lieu as the source gave it.
  const edition = makeRecord(
    EDITION,
    'L1',
    { ...imported.lieu, telephone: '+33549111111', horaires: 'Mo-Sa 09:00-12:00', date_maj: '2026-03-01' },
    { kind: 'edition' },
  );
  const newer = makeRecord('france-services', 'fs-1', {
    ...imported.lieu,
    nom: 'France services de Poitiers',
    telephone: '+33549222222',
    horaires: 'Mo-Fr 14:00-17:00',
    services: ['Aide aux démarches administratives'],
    publics_specifiquement_adresses: [],
    date_maj: '2026-06-01',
  });

  it('keeps what people changed against a newer import; every other field follows the source, removals included', () => {
    const merged = mergeWithEdition([newer, edition], ['telephone', 'horaires']);
    expect(merged.lieu.telephone).toBe('+33549111111');
    expect(merged.lieu.horaires).toBe('Mo-Sa 09:00-12:00');
    expect(merged.provenance.telephone).toEqual({ source: EDITION, sourceId: 'L1', dateMaj: '2026-03-01' });
    expect(merged.lieu.nom).toBe('France services de Poitiers');
    // The plain merge would keep the edition's copy of these lists (union with it); the source removed the values.
    expect(mergeCluster([newer, edition]).lieu.services).toHaveLength(2);
    expect(merged.lieu.services).toEqual(['Aide aux démarches administratives']);
    expect(merged.lieu.publics_specifiquement_adresses).toEqual([]);
    expect(merged.provenance.services?.source).toBe('france-services');
    expect(merged.lieu.date_maj).toBe('2026-06-01');
  });

  it('writes what the edit being saved changed, and dates the lieu from it when it is the newest', () => {
    const merged = mergeWithEdition([imported, edition], ['telephone']);
    expect(merged.lieu.telephone).toBe('+33549111111');
    expect(merged.lieu.horaires).toBe('Mo-Fr 09:00-12:00');
    expect(merged.lieu.date_maj).toBe('2026-03-01');
    expect(merged.provenance.date_maj?.source).toBe(EDITION);
  });

  it('releases a pinned field the sources now give with the same value (credited to them again)', () => {
    const agreeing = makeRecord('france-services', 'fs-1', { ...newer.lieu, telephone: '+33549111111' });
    const merged = mergeWithEdition([agreeing, edition], ['telephone', 'horaires']);
    expect(merged.lieu.telephone).toBe('+33549111111');
    expect(merged.provenance.telephone?.source).toBe('france-services');
    expect(merged.provenance.horaires?.source).toBe(EDITION);
  });

  it('takes an address whole from the side that holds it, never a mix', () => {
    const moved = makeRecord(EDITION, 'L1', { ...edition.lieu, adresse: '1 place du Marché', code_postal: '86000' }, { kind: 'edition' });
    const renamed = makeRecord('france-services', 'fs-1', { ...newer.lieu, commune: 'POITIERS', complement_adresse: 'Bâtiment B' });
    const merged = mergeWithEdition([renamed, moved], pinnedFields({ adresse: from(EDITION) }, EDITION));
    expect(merged.lieu).toMatchObject({ adresse: '1 place du Marché', commune: 'Poitiers', complement_adresse: moved.lieu.complement_adresse });
  });

  it('is the plain merge without an edition, or when only people wrote the lieu', () => {
    expect(mergeWithEdition([newer, imported], ['telephone'])).toEqual(mergeCluster([newer, imported]));
    expect(mergeWithEdition([edition], ['telephone'])).toEqual(mergeCluster([edition]));
  });
});

describe('importConflicts', () => {
  const kept = makeLieu({ ...POITIERS, nom: 'Médiathèque', telephone: '+33549111111', horaires: 'Mo-Sa 09:00-12:00', services: ['A', 'B'] });
  const current = {
    lieu: kept,
    provenance: {
      nom: from('france-services'),
      telephone: from(EDITION),
      horaires: from(EDITION),
      services: from(EDITION),
    } satisfies Provenance,
  };
  const previous = makeLieu({ ...POITIERS, nom: 'Médiathèque', telephone: '+33549000000', horaires: 'Mo-Fr 09:00-12:00', services: ['A'] });

  it('lists each pinned field the source changed to another value than the one people set', () => {
    const next = { ...previous, nom: 'Médiathèque François-Mitterrand', telephone: '+33549222222', horaires: 'Mo-Fr 14:00-17:00' };
    expect(importConflicts(current, EDITION, previous, next)).toEqual([
      { field: 'telephone', kept: '+33549111111', incoming: '+33549222222' },
      { field: 'horaires', kept: 'Mo-Sa 09:00-12:00', incoming: 'Mo-Fr 14:00-17:00' },
    ]);
  });

  it('raises nothing when the source repeats its old value, or now agrees with people', () => {
    expect(importConflicts(current, EDITION, previous, { ...previous, nom: 'Autre nom' })).toEqual([]);
    expect(importConflicts(current, EDITION, previous, { ...previous, telephone: '+33549111111', services: ['B', 'A'] })).toEqual([]);
  });

  it('compares lists as sets and empty text as no value', () => {
    expect(importConflicts(current, EDITION, previous, { ...previous, services: ['B', 'A', 'A'] })).toEqual([]);
    expect(sameFieldValue(['A', 'B'], ['B', 'A'])).toBe(true);
    expect(sameFieldValue('', null)).toBe(true);
    expect(sameFieldValue(['A'], ['A', 'C'])).toBe(false);
  });

  it('treats every differing value a record new to the lieu brings as a conflict; its empty fields say nothing', () => {
    const newcomer = makeLieu({ ...POITIERS, telephone: '+33549333333', horaires: 'Mo-Sa 09:00-12:00', services: [] });
    expect(importConflicts(current, EDITION, null, newcomer)).toEqual([{ field: 'telephone', kept: '+33549111111', incoming: '+33549333333' }]);
  });

  it('raises a conflict when the source empties a field people filled', () => {
    expect(importConflicts(current, EDITION, previous, { ...previous, telephone: null })).toEqual([
      { field: 'telephone', kept: '+33549111111', incoming: null },
    ]);
  });

  it('raises a conflict when people cleared a field and the source brings a new value, never when both are empty', () => {
    const cleared = { lieu: { ...kept, telephone: null }, provenance: current.provenance };
    const next = { ...previous, telephone: '+33549444444' };
    expect(importConflicts(cleared, EDITION, previous, next)).toEqual([{ field: 'telephone', kept: null, incoming: '+33549444444' }]);
    const emptyBoth = { lieu: { ...kept, telephone: null }, provenance: current.provenance };
    expect(importConflicts(emptyBoth, EDITION, { ...previous, telephone: '+33549000000' }, { ...previous, telephone: '' })).toEqual([]);
  });
});
