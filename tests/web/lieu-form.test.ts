import { describe, expect, it } from 'vitest';
import { analyseConflict, changesOf, FORM_FIELDS, fromForm, resolveConflict, toForm, valueInWords } from '../../web/src/freshness/lieuForm';
import { LIEU_FIELDS } from '../../src/lieux';

const lieu = {
  id: 'l1',
  nom: 'Espace numérique',
  adresse: '1 rue de la Gare',
  complement_adresse: null,
  code_postal: '86000',
  commune: 'Poitiers',
  typologie: ['BIB'],
  telephone: '+33549000000',
  courriels: ['contact@exemple.fr', 'accueil@exemple.fr'],
  site_web: [],
  horaires: 'Mo-Fr 09:00-12:00',
  presentation_resume: 'Aide aux démarches.',
  presentation_detail: null,
  services: ['Aide aux démarches administratives'],
  modalites_accompagnement: [],
  frais_a_charge: ['Gratuit'],
  itinerance: [],
  dispositif_programmes_nationaux: [],
  publics_specifiquement_adresses: [],
  prise_en_charge_specifique: [],
  modalites_acces: ['Se présenter'],
  prise_rdv: null,
  fiche_acces_libre: null,
};

describe('edit form values', () => {
  it('edits only standard fields, never id nor date_maj', () => {
    for (const field of FORM_FIELDS) expect(LIEU_FIELDS as readonly string[]).toContain(field.name);
    expect(FORM_FIELDS.map((f) => f.name)).not.toContain('id');
    expect(FORM_FIELDS.map((f) => f.name)).not.toContain('date_maj');
  });

  it('an untouched form changes nothing; typed values become the standard’s (trimmed, lists, blank = null)', () => {
    const form = toForm(lieu);
    expect(changesOf(lieu, form)).toEqual({});
    expect(form.courriels).toBe('contact@exemple.fr\naccueil@exemple.fr');

    form.courriels = ' contact@exemple.fr, nouveau@exemple.fr\n';
    form.presentation_resume = '   ';
    form.complement_adresse = ' Bâtiment B ';
    form.services = [...(form.services as string[]), 'Loisirs et créations numériques'];
    expect(changesOf(lieu, form)).toEqual({
      courriels: ['contact@exemple.fr', 'nouveau@exemple.fr'],
      presentation_resume: null,
      complement_adresse: 'Bâtiment B',
      services: ['Aide aux démarches administratives', 'Loisirs et créations numériques'],
    });
    expect(fromForm(form).site_web).toEqual([]);
  });
});

describe('conflict after a save over a newer version (three-way)', () => {
  const mine = { horaires: 'Mo-Fr 09:00-12:00,14:00-17:00', telephone: '+33549111111', presentation_resume: 'Même texte.' };
  const current = { ...lieu, horaires: 'Mo-Sa 10:00-12:00', nom: 'Espace numérique de la Gare', presentation_resume: 'Même texte.' };

  it('shows only the fields both changed differently; keeps the rest of each side', () => {
    const analysis = analyseConflict(lieu, mine, current);
    expect(analysis.conflicts).toEqual([{ field: 'horaires', mine: mine.horaires, theirs: current.horaires }]);
    // The phone only I changed; the name only they changed; the same summary typed by both is no conflict.
    expect(analysis.kept).toEqual({ telephone: '+33549111111' });
    expect(analysis.theirsOnly).toEqual(['nom']);
  });

  it('the person’s choice decides what is saved against the current version', () => {
    const analysis = analyseConflict(lieu, mine, current);
    expect(resolveConflict(analysis, { horaires: 'mine' })).toEqual({ telephone: '+33549111111', horaires: mine.horaires });
    expect(resolveConflict(analysis, { horaires: 'theirs' })).toEqual({ telephone: '+33549111111' });
  });

  it('values are shown in words: hours as sentences, codes by their names, empty as « Non renseigné »', () => {
    expect(valueInWords('horaires', 'Mo-Fr 09:00-12:00,14:00-17:00')).toBe(
      'Du lundi au vendredi : de 9 h à 12 h et de 14 h à 17 h. Fermé le samedi et le dimanche.',
    );
    expect(valueInWords('horaires', 'Mo-Fr 09:00-12:00 "sur rendez-vous"')).toBe('Mo-Fr 09:00-12:00 "sur rendez-vous"');
    expect(valueInWords('typologie', ['BIB'])).toBe('Bibliothèque / médiathèque');
    expect(valueInWords('services', [])).toBe('Non renseigné');
    expect(valueInWords('telephone', null)).toBe('Non renseigné');
  });
});
