import { describe, expect, it } from 'vitest';
import { REPORT_STATUSES } from '../../orientation';
import { forwardMail, median, medianHoursToResolve, MODERATION_ACTIONS, outcomeMail, transition } from './moderation';

describe('moderation state machine', () => {
  it('lets a new report be fixed, forwarded or rejected (with a note)', () => {
    expect(transition('nouveau', 'corriger', null)).toEqual({ ok: true, status: 'corrige', closes: true });
    expect(transition('nouveau', 'transmettre', null)).toEqual({ ok: true, status: 'transmis', closes: false });
    expect(transition('nouveau', 'rejeter', 'Les horaires sont justes.')).toEqual({ ok: true, status: 'rejete', closes: true });
  });

  it('lets a forwarded report be fixed, rejected, or forwarded again', () => {
    expect(transition('transmis', 'corriger', 'La structure a corrigé.')).toMatchObject({ ok: true, status: 'corrige' });
    expect(transition('transmis', 'rejeter', 'Rien à changer.')).toMatchObject({ ok: true, status: 'rejete' });
    expect(transition('transmis', 'transmettre', null)).toMatchObject({ ok: true, status: 'transmis', closes: false });
  });

  it('refuses every action on a closed report, saying in French what it already is', () => {
    for (const status of ['corrige', 'rejete'] as const) {
      for (const action of MODERATION_ACTIONS) {
        const refused = transition(status, action, 'note');
        expect(refused.ok, `${status} → ${action}`).toBe(false);
        if (!refused.ok) expect(refused.message).toMatch(/déjà clos/);
      }
    }
    const refused = transition('corrige', 'rejeter', 'trop tard');
    expect(!refused.ok && refused.message).toBe('Ce signalement est déjà clos (marqué comme corrigé) : il ne peut plus être rejeté.');
  });

  it('refuses a rejection without a note, naming the field', () => {
    for (const note of [null, '', '   ']) {
      expect(transition('nouveau', 'rejeter', note)).toMatchObject({ ok: false, reason: 'note-requise', champ: 'note' });
    }
  });

  it('knows every status of the schema', () => {
    for (const status of REPORT_STATUSES) for (const action of MODERATION_ACTIONS) expect(() => transition(status, action, 'x')).not.toThrow();
  });
});

describe('median time to resolve', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([10, 2, 4, 8])).toBe(6);
  });

  it('counts hours from report to outcome, to one decimal', () => {
    const at = (iso: string) => new Date(iso);
    expect(medianHoursToResolve([])).toBeNull();
    expect(
      medianHoursToResolve([
        { createdAt: at('2026-03-01T08:00:00Z'), resolvedAt: at('2026-03-01T10:00:00Z') }, // 2 h
        { createdAt: at('2026-03-01T08:00:00Z'), resolvedAt: at('2026-03-03T08:00:00Z') }, // 48 h
        { createdAt: at('2026-03-01T08:00:00Z'), resolvedAt: at('2026-03-01T13:20:00Z') }, // 5 h 20
      ]),
    ).toBe(5.3);
  });
});

describe('e-mails', () => {
  const report = { lieuNom: 'Médiathèque de Poitiers', category: 'horaires' as const, message: 'Fermé le samedi\ndepuis mars.', createdAt: new Date('2026-12-03T09:00:00Z') };

  it('forwards the report quoted, with the link and its end date, in Paris dates', () => {
    const mail = forwardMail(report, 'http://maillage.test/structure/abc', new Date('2027-01-01T23:30:00Z'));
    expect(mail.subject).toBe('Une erreur est signalée sur « Médiathèque de Poitiers »');
    expect(mail.text).toContain('le 3 décembre 2026. Ce qui serait faux : les horaires.');
    expect(mail.text).toContain('> Fermé le samedi\n> depuis mars.');
    expect(mail.text).toContain('http://maillage.test/structure/abc');
    expect(mail.text).toContain('valable jusqu’au 2 janvier 2027');
  });

  it('tells the reporter the outcome with the gestionnaire’s note', () => {
    const fixed = outcomeMail({ ...report, outcome: 'corrige', note: null }, 'http://maillage.test/lieu/x');
    expect(fixed.text).toContain('L’équipe qui tient la carte à jour a corrigé la fiche de ce lieu');
    expect(fixed.text).not.toContain('Son explication');
    const byStructure = outcomeMail({ ...report, outcome: 'corrige-par-la-structure', note: null }, 'http://maillage.test/lieu/x');
    expect(byStructure.text).toContain('La structure qui accueille ce lieu a mis sa fiche à jour après votre signalement');
    expect(byStructure.text).not.toContain('L’équipe');
    const rejected = outcomeMail({ ...report, outcome: 'rejete', note: 'Les horaires affichés sont ceux de la mairie.' }, 'http://maillage.test/lieu/x');
    expect(rejected.text).toContain('n’a pas modifié la fiche');
    expect(rejected.text).toContain('Son explication :\n\n> Les horaires affichés sont ceux de la mairie.');
    expect(rejected.text).toContain('http://maillage.test/lieu/x');
  });
});
