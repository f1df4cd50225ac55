/** Checks for filter values that GraphQL's types alone cannot express. */
import { ISO_3166_ALPHA_2 } from '../country-codes.js';
import { badUserInput } from '../errors.js';

export function countryCode(value: string, argument: string): string {
  if (!ISO_3166_ALPHA_2.has(value)) throw badUserInput(`${argument} must be an ISO 3166 alpha-2 code such as US or RU`, argument);
  return value;
}

export function searchText(value: string, argument: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badUserInput(`${argument} must not be empty`, argument);
  if (trimmed.length > 200) throw badUserInput(`${argument} must be at most 200 characters`, argument);
  return trimmed;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
