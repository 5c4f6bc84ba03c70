/**
 * Generic exfiltration signals: credentials recognised by shape and name
 * rather than by a provider format (DLP's job), for dumps and encoded blobs.
 */
export { isPasswordLike, isTokenLike, MIN_TOKEN_LENGTH } from './token.js';
export { distinctValues, findSecretAssignments, isSecretValue, secretNameKind } from './assignments.js';
export type { SecretAssignment } from './assignments.js';
export { BULK_PII_MIN, BULK_PII_RULE, CREDENTIAL_DUMP_RULE, DUMP_MIN_SECRETS, PayloadSignals } from './dump.js';
export { credentialPair, credentialView, encodedCredentialValue, isCredentialText, mayBeEncoded, MIN_ENCODED_VALUE } from './encoded.js';
