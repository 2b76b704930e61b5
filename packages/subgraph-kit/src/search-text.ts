/**
 * Folds Vietnamese text for diacritics- and case-insensitive search:
 * "Phan Rang – Tháp Chàm" → "phan rang thap cham", "Đảng bộ" → "dang bo".
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The words of a search, folded; empty when nothing searchable remains. */
export function searchTokens(text: string): string[] {
  const folded = foldForSearch(text);
  return folded ? [...new Set(folded.split(' '))] : [];
}
