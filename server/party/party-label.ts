import { PartyError, PartyErrors } from './party-errors.js';

/** Nakama's PartyLabelMaxBytes. */
export const PARTY_LABEL_MAX_BYTES = 2048;

const GO_MAP = 'map[string]interface {}';

/**
 * Checks a party label as Nakama does and returns the text listings show: empty means `{}`, longer than
 * 2048 bytes is refused, and anything but a JSON object (or `null`) cannot become the label map.
 */
export function checkPartyLabel(label: string): string {
  const text = label === '' ? '{}' : label;
  if (Buffer.byteLength(text, 'utf8') > PARTY_LABEL_MAX_BYTES) throw PartyErrors.labelTooLong();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new PartyError(`failed to unmarshal party label: ${(err as Error).message}`);
  }
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
    // Go's encoding/json names the JSON kind it could not put into the label map.
    const kind = Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
    throw new PartyError(`failed to unmarshal party label: json: cannot unmarshal ${kind} into Go value of type ${GO_MAP}`);
  }
  return text;
}
