/**
 * The redactor every tape source uses: the generic secret rules of src/tape plus what each
 * protocol says is secret. Adding a protocol means adding its rules here.
 */

import { InputError } from "../errors.js";
import {
  MIN_SECRET_LENGTH,
  maskerFinder,
  Redactor,
  type SecretFinder,
  type SecretMasker,
  type SecretRules,
} from "../tape/redact.js";
import { genericMaskers } from "../tape/secret-finders.js";
import { tradeManagerSecrets } from "./trademanager/secrets.js";
import { tradovateSecrets } from "./tradovate/secrets.js";

const PROTOCOL_RULES = [tradovateSecrets, tradeManagerSecrets];

/**
 * Every rule as finders: each protocol's finders plus every masker seen as a finder. Enough to
 * learn secrets; to redact, prefer {@link createRedactor} (or {@link allSecretRules}), which also
 * masks values shorter than MIN_SECRET_LENGTH where the rules point at them.
 */
export function allSecretFinders(): SecretFinder[] {
  return [...PROTOCOL_RULES.flatMap((r) => r.finders), maskerFinder(allSecretMaskers())];
}

/** Every masker: the generic ones first, then each protocol's. */
export function allSecretMaskers(): SecretMasker[] {
  return [...genericMaskers, ...PROTOCOL_RULES.flatMap((r) => [...r.maskers])];
}

/** All finders and maskers: what the redactor applies and what `tapedeck verify` checks. */
export function allSecretRules(): Required<SecretRules> {
  return { finders: PROTOCOL_RULES.flatMap((r) => r.finders), maskers: allSecretMaskers() };
}

/**
 * A redactor with every rule, and `extraSecrets` (e.g. `--secret` values) registered first so
 * they get the lowest numbers. An extra secret must be at least {@link MIN_SECRET_LENGTH}
 * characters: it is only ever replaced as a substring, and a short one would match all over a tape.
 */
export function createRedactor(extraSecrets: readonly string[] = []): Redactor {
  const redactor = new Redactor(allSecretRules());
  extraSecrets.forEach((secret, i) => {
    if ([...secret].length < MIN_SECRET_LENGTH) {
      throw new InputError(
        `extra secret #${i + 1} is shorter than ${MIN_SECRET_LENGTH} characters; a value that short would match all over the tape`,
        "SECRET_TOO_SHORT",
      );
    }
    if (redactor.register(secret) === 0) {
      throw new InputError(
        `extra secret #${i + 1} cannot be a secret (blank, or it contains «secret:N» placeholder text)`,
        "SECRET_INVALID",
      );
    }
  });
  return redactor;
}
