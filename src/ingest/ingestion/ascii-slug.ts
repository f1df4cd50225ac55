/** A lower-case hyphenated ASCII slug from any text ("Zoë Ångström" → "zoe-angstrom"). */
export function asciiSlug(text: string, maxLength = 60): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '') || 'x';
}
