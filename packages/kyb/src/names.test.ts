/** Name normalisation and comparison (research §1.1: BC's case, punctuation and truncation rules). */
import { describe, expect, it } from 'vitest';
import { compareNames, foldCaseAndAccents, normaliseName } from './names.js';

describe('normaliseName', () => {
  it.each([
    ['Éloïse Tremblay-Côté', 'ELOISE TREMBLAY COTE'],
    ["O'Brien", 'OBRIEN'],
    ['O’Brien', 'OBRIEN'],
    ['  St. John   Smith ', 'ST JOHN SMITH'],
    ['Straße', 'STRASSE'],
    ['Łukasz Øster', 'LUKASZ OSTER'],
  ])('%s → %s', (input, expected) => expect(normaliseName(input)).toBe(expected));

  it('foldCaseAndAccents keeps punctuation (the BC form for photo-BCSC holders)', () => {
    expect(foldCaseAndAccents('Tremblay-Côté')).toBe('TREMBLAY-COTE');
  });
});

describe('compareNames', () => {
  it.each([
    [{ givenName: 'Maya', familyName: 'Singh' }, { givenName: 'Maya', familyName: 'Singh' }, 'strict', 'match', 'exact'],
    [{ givenName: 'Éloïse', familyName: 'Tremblay-Côté' }, { givenName: 'ELOISE', familyName: 'TREMBLAY-COTE' }, 'strict', 'match', 'case-accents'],
    [{ givenName: 'Éloïse', familyName: 'Tremblay-Côté' }, { givenName: 'ELOISE', familyName: 'TREMBLAY COTE' }, 'normal', 'tolerated', 'punctuation'],
    [{ givenName: 'Sean', familyName: "O'Brien" }, { givenName: 'SEAN', familyName: 'OBRIEN' }, 'strict', 'near', 'punctuation'],
    [{ givenName: 'Anna', familyName: 'Wolfeschlegelsteinhausenbergerdorff Smith' }, { givenName: 'ANNA', familyName: 'WOLFESCHLEGELSTEINHAUSENBERGERDORFF' }, 'normal', 'tolerated', 'bc-truncation'],
    [{ givenName: 'Anna', familyName: 'Smithson' }, { givenName: 'ANNA', familyName: 'SMITH' }, 'normal', 'mismatch', 'different'],
    [{ givenName: 'Mary Ann', familyName: 'Smith' }, { givenName: 'Mary', familyName: 'Ann Smith' }, 'normal', 'tolerated', 'split-differs'],
    [{ familyName: 'Kalani' }, { givenName: 'Kalani', familyName: '' }, 'normal', 'tolerated', 'mononym'],
    [{ givenName: 'M.', familyName: 'Singh' }, { givenName: 'Maya', familyName: 'Singh' }, 'normal', 'near', 'initials'],
    [{ givenName: 'M.', familyName: 'Singh' }, { givenName: 'Maya', familyName: 'Singh' }, 'lenient', 'tolerated', 'initials'],
    [{ givenName: 'Marie Anne', familyName: 'Roy' }, { givenName: 'MARIE ANNE SOPHIE LOUISE', familyName: 'ROY' }, 'normal', 'near', 'middle-names'],
    [{ givenName: 'John', familyName: 'Smith' }, { givenName: 'Maya', familyName: 'Singh' }, 'lenient', 'mismatch', 'different'],
  ] as const)('%o vs %o (%s) → %s by %s', (a, b, strictness, result, rule) => {
    expect(compareNames(a, b, strictness)).toEqual({ result, rule });
    expect(compareNames(b, a, strictness)).toEqual({ result, rule });
  });
});
