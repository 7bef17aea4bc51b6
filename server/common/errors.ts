/**
 * The one error catalogue. Every error a client can see has a gRPC status code and a client-facing
 * message; transports map the code once (HTTP status, gRPC status, realtime error envelope).
 * Internal causes ride along in `cause` for the log and are never sent.
 */

/** gRPC status codes, as Nakama's clients see them in `{code, message}`. */
export const GrpcCode = {
  OK: 0,
  Cancelled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

export class ApiError extends Error {
  constructor(
    readonly code: GrpcCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

const fail = (code: GrpcCode, message: string) => (): ApiError => new ApiError(code, message);
const C = GrpcCode;

/** Fixed-text errors, named for what went wrong. Call the entry to get a fresh error to throw. */
export const Errors = {
  // Transport and auth.
  notFoundRoute: fail(C.NotFound, 'Not Found'),
  methodNotAllowed: fail(C.Unimplemented, 'Method Not Allowed'),
  serverKeyRequired: fail(C.Unauthenticated, 'Server key required'),
  serverKeyInvalid: fail(C.Unauthenticated, 'Server key invalid'),
  authTokenRequired: fail(C.Unauthenticated, 'Auth token required'),
  authTokenInvalid: fail(C.Unauthenticated, 'Auth token invalid'),
  bodyTooLarge: fail(C.InvalidArgument, 'http: request body too large'),
  unsupportedEncoding: fail(C.InvalidArgument, 'Unsupported Content-Encoding.'),
  badRequestBodyEncoding: fail(C.InvalidArgument, 'Request body could not be decompressed.'),
  internal: fail(C.Internal, 'Internal server error.'),
  shuttingDown: fail(C.Unavailable, 'Server is shutting down.'),

  // Identities.
  deviceIdRequired: fail(C.InvalidArgument, 'Device ID is required.'),
  deviceIdInvalidChars: fail(C.InvalidArgument, 'Device ID invalid, no spaces or control characters allowed.'),
  deviceIdLength: fail(C.InvalidArgument, 'Device ID invalid, must be 10-128 bytes.'),
  customIdRequired: fail(C.InvalidArgument, 'Custom ID is required.'),
  customIdInvalidChars: fail(C.InvalidArgument, 'Custom ID invalid, no spaces or control characters allowed.'),
  customIdLength: fail(C.InvalidArgument, 'Custom ID invalid, must be 6-128 bytes.'),
  emailPasswordRequired: fail(C.InvalidArgument, 'Email address and password is required.'),
  emailInvalidChars: fail(C.InvalidArgument, 'Invalid email address, no spaces or control characters allowed.'),
  emailFormat: fail(C.InvalidArgument, 'Invalid email address format.'),
  emailLength: fail(C.InvalidArgument, 'Invalid email address, must be 10-255 bytes.'),
  passwordShort: fail(C.InvalidArgument, 'Password must be at least 8 characters long.'),
  usernameInvalidChars: fail(C.InvalidArgument, 'Username invalid, no spaces or control characters allowed.'),
  usernameLength: fail(C.InvalidArgument, 'Username invalid, must be 1-128 bytes.'),
  usernameRequired: fail(C.InvalidArgument, 'Username is required when email address is not supplied.'),
  deviceIdMissing: fail(C.InvalidArgument, 'A device ID must be supplied.'),
  customIdMissing: fail(C.InvalidArgument, 'An ID must be supplied.'),
  emailPasswordMissing: fail(C.InvalidArgument, 'Both email and password must be supplied.'),

  // Accounts.
  userNotFound: fail(C.NotFound, 'User account not found.'),
  userBanned: fail(C.PermissionDenied, 'User account banned.'),
  usernameTaken: fail(C.AlreadyExists, 'Username is already in use.'),
  invalidCredentials: fail(C.Unauthenticated, 'Invalid credentials.'),
  accountNotFound: fail(C.NotFound, 'Account not found.'),
  deviceIdTaken: fail(C.AlreadyExists, 'Device ID already in use.'),
  customIdTaken: fail(C.AlreadyExists, 'Custom ID is already in use.'),
  emailTaken: fail(C.AlreadyExists, 'Email is already in use.'),
  unlinkLast: fail(C.PermissionDenied, 'Cannot unlink last account identifier. Check profile exists and is not last link.'),

  // Sessions.
  refreshTokenRequired: fail(C.InvalidArgument, 'Refresh token is required.'),
  refreshTokenInvalidOrExpired: fail(C.Unauthenticated, 'Refresh token invalid or expired.'),
  logoutSessionTokenInvalid: fail(C.InvalidArgument, 'Session token invalid.'),
  logoutRefreshTokenInvalid: fail(C.InvalidArgument, 'Refresh token invalid.'),

  // Matches (realtime: InvalidArgument is sent as BAD_INPUT, NotFound as MATCH_NOT_FOUND).
  matchIdInvalid: fail(C.InvalidArgument, 'Invalid match ID'),
  matchTokenInvalid: fail(C.InvalidArgument, 'Invalid match token'),
  matchIdOrTokenMissing: fail(C.InvalidArgument, 'No match ID or token found'),
  matchNotFound: fail(C.NotFound, 'Match not found'),
  matchLabelFilterRelayed: fail(C.InvalidArgument, 'Label filtering is not supported for non-authoritative matches.'),
  matchQueryFilterRelayed: fail(C.InvalidArgument, 'Query filtering is not supported for non-authoritative matches.'),
  matchMinSizeNegative: fail(C.InvalidArgument, 'Minimum size must be 0 or above.'),
  matchMaxSizeNegative: fail(C.InvalidArgument, 'Maximum size must be 0 or above.'),
  matchSizeRange: fail(C.InvalidArgument, 'Maximum size must be greater than or equal to minimum size when both are specified.'),

  // Authoritative matches (nk.matchCreate / matchSignal texts are Nakama's runtime errors).
  matchListFailed: fail(C.Internal, 'Error listing matches.'),
  matchHandlerNotFound: fail(C.NotFound, 'error creating match: not found'),
  matchTickRateInvalid: fail(C.InvalidArgument, "matchInit 'tickRate' must be a number between 1 and 60"),
  matchLabelTooLong: fail(C.InvalidArgument, 'match label too long, must be 0-2048 bytes'),
  matchBusy: fail(C.Unavailable, 'match is busy'),
  matchRegistryStopped: fail(C.Unavailable, 'shutdown in progress'),

  // Parties (realtime party errors are RealtimeFailures with Nakama's texts; these are ListParties').
  partyListFailed: fail(C.Internal, 'Error listing matches.'),
  partyQueryUnsupported: fail(C.InvalidArgument, 'Party label queries are not supported yet; use "*" or leave query empty.'),

  // Notifications.
  notificationCursorMalformed: fail(C.InvalidArgument, 'Malformed cursor was used.'),

  // Chat channels (realtime: InvalidArgument is sent as BAD_INPUT, Internal as RUNTIME_EXCEPTION).
  channelTargetInvalid: fail(C.InvalidArgument, 'Invalid channel target'),
  channelTypeInvalid: fail(C.InvalidArgument, 'Invalid channel type'),
  channelRoomNameLength: fail(C.InvalidArgument, 'Channel name is required and must be 1-64 chars: Invalid channel target'),
  channelRoomNameControlChars: fail(C.InvalidArgument, 'Channel name must not contain control chars: Invalid channel target'),
  channelRoomNameUtf8: fail(C.InvalidArgument, 'Channel name must only contain valid UTF-8 bytes: Invalid channel target'),
  channelDirectUserInvalid: fail(C.InvalidArgument, 'Invalid user ID in direct message join: Invalid channel target'),
  channelDirectUserNotFound: fail(C.InvalidArgument, 'User ID not found: Invalid channel target'),
  channelGroupIdInvalid: fail(C.InvalidArgument, 'Invalid group ID in group channel join: Invalid channel target'),
  channelGroupJoinNotFound: fail(C.InvalidArgument, 'Group not found: Invalid channel target'),
  channelIdentifierInvalid: fail(C.InvalidArgument, 'Invalid channel identifier'),
  channelMessageIdInvalid: fail(C.InvalidArgument, 'Invalid message identifier'),
  channelContentNotObject: fail(C.InvalidArgument, 'Message content must be a valid JSON object'),
  channelSendNotJoined: fail(C.InvalidArgument, 'Must join channel before sending messages'),
  channelUpdateNotJoined: fail(C.InvalidArgument, 'Must join channel before updating messages'),
  channelRemoveNotJoined: fail(C.InvalidArgument, 'Must join channel before removing messages'),
  channelUpdateNotFound: fail(C.InvalidArgument, 'Could not find message to update in channel history'),
  channelRemoveNotFound: fail(C.InvalidArgument, 'Could not find message to remove in channel history'),
  channelSendPersistFailed: fail(C.Internal, 'Could not persist message to channel history'),
  channelUpdatePersistFailed: fail(C.Internal, 'Could not persist message update to channel history'),
  channelRemovePersistFailed: fail(C.Internal, 'Could not persist message remove to channel history'),
  // Chat history (REST ListChannelMessages).
  channelIdInvalid: fail(C.InvalidArgument, 'Invalid channel ID.'),
  channelCursorInvalid: fail(C.InvalidArgument, 'Cursor is invalid or expired.'),
  channelHistoryGroupNotFound: fail(C.InvalidArgument, 'Group not found.'),
  channelHistoryNotFound: fail(C.InvalidArgument, 'Channel not found.'),
  channelHistoryFailed: fail(C.Internal, 'Error listing messages from channel.'),

  // Storage objects.
  storageKeyMissing: fail(C.InvalidArgument, 'Invalid collection or key value supplied. They must be set.'),
  storageReadPermissionInvalid: fail(C.InvalidArgument, 'Invalid Read permission supplied. It must be either 0, 1 or 2.'),
  storageWritePermissionInvalid: fail(C.InvalidArgument, 'Invalid Write permission supplied. It must be either 0 or 1.'),
  storageValueNotObject: fail(C.InvalidArgument, 'Value must be a JSON object.'),
  storageUserIdInvalid: fail(C.InvalidArgument, 'Invalid user ID - make sure user ID is a valid UUID.'),
  storageCursorMalformed: fail(C.InvalidArgument, 'Malformed cursor was used.'),
  storageWriteRejectedVersion: fail(C.InvalidArgument, 'Storage write rejected - version check failed.'),
  storageWriteRejectedPermission: fail(C.InvalidArgument, 'Storage write rejected - permission denied.'),
  storageDeleteRejected: fail(C.InvalidArgument, 'Storage delete rejected - not found, version check failed, or permission denied.'),
  storageWriteFailed: fail(C.Internal, 'Error writing storage objects.'),
  storageReadFailed: fail(C.Internal, 'Error reading storage objects.'),
  storageDeleteFailed: fail(C.Internal, 'Error deleting storage objects.'),
  storageListFailed: fail(C.Internal, 'Error listing storage objects.'),
  // Friends.
  friendAddSelf: fail(C.InvalidArgument, 'Cannot add self as friend.'),
  friendDeleteSelf: fail(C.InvalidArgument, 'Cannot delete self.'),
  friendBlockSelf: fail(C.InvalidArgument, 'Cannot block self.'),
  friendUsernameEmpty: fail(C.InvalidArgument, 'Username must not be empty.'),
  friendNoValidId: fail(C.InvalidArgument, 'No valid ID or username was provided.'),
  friendStateInvalid: fail(C.InvalidArgument, 'Invalid state - state must be between 0 and 3.'),
  friendCursorInvalid: fail(C.InvalidArgument, 'Cursor is invalid.'),
  // Nakama fails these with an internal error; a clear one is kinder.
  friendMetadataInvalid: fail(C.InvalidArgument, 'Metadata must be a valid JSON object.'),

  // Groups.
  groupNameRequired: fail(C.InvalidArgument, 'Group name must be set.'),
  groupMaxCountInvalid: fail(C.InvalidArgument, 'Group max count must be >= 1 when set.'),
  groupNameInUse: fail(C.AlreadyExists, 'Group name is in use.'),
  groupNameInUseOnUpdate: fail(C.InvalidArgument, 'Group name is in use.'),
  groupIdRequired: fail(C.InvalidArgument, 'Group ID must be set.'),
  groupIdInvalid: fail(C.InvalidArgument, 'Group ID must be a valid ID.'),
  groupNameEmpty: fail(C.InvalidArgument, 'Group name cannot be empty.'),
  groupLangEmpty: fail(C.InvalidArgument, 'Group language cannot be empty.'),
  groupUpdateDenied: fail(C.NotFound, "Group not found or you're not allowed to update."),
  groupUpdateNoFields: fail(C.InvalidArgument, 'Specify at least one field to update.'),
  groupNotUpdated: fail(C.InvalidArgument, 'No new fields in group update.'),
  groupDeleteDenied: fail(C.InvalidArgument, "Group not found or you're not allowed to delete."),
  groupNotFound: fail(C.NotFound, 'Group not found.'),
  groupFull: fail(C.InvalidArgument, 'Group is full.'),
  groupLastSuperadmin: fail(C.InvalidArgument, 'Cannot leave group when you are the last superadmin.'),
  groupUserIdInvalid: fail(C.InvalidArgument, 'User ID must be a valid ID.'),
  groupUserIdsRequired: fail(C.InvalidArgument, 'User IDs must be set.'),
  groupPermissionDenied: fail(C.NotFound, 'Group not found or permission denied.'),
  groupUsersNotFound: fail(C.InvalidArgument, 'One or more users not found.'),
  groupStateInvalid: fail(C.InvalidArgument, 'Invalid state - state must be between 0 and 4.'),
  groupCursorInvalid: fail(C.InvalidArgument, 'Cursor is invalid.'),
  groupUserIdRequired: fail(C.InvalidArgument, 'User ID must be set.'),
  groupListNameCombined: fail(C.InvalidArgument, 'name filter cannot be combined with any other filter'),
  groupListCursorMalformed: fail(C.InvalidArgument, 'Malformed cursor was used.'),
  // Console (admin API on console.port).
  consoleCredentialsInvalid: fail(C.Unauthenticated, 'Invalid credentials.'),
  consoleLockedOut: fail(C.ResourceExhausted, 'Try again later.'),
  consoleTokenRequired: fail(C.Unauthenticated, 'Console token required.'),
  consoleTokenInvalid: fail(C.Unauthenticated, 'Console token invalid or expired.'),
  consoleAccountNotFound: fail(C.NotFound, 'Account not found.'),
  consoleMatchNotFound: fail(C.NotFound, 'Match not found.'),
  consoleMessageNotFound: fail(C.NotFound, 'Message not found.'),
  consoleBackupUnsupported: fail(C.FailedPrecondition, 'Backups from the console need the embedded SQLite database; back up PostgreSQL with pg_dump.'),
  // Runtime (module code). RPC texts are Nakama's api_rpc.go ones.
  rpcIdRequired: fail(C.InvalidArgument, 'RPC ID must be set'),
  rpcNotFound: fail(C.NotFound, 'RPC function not found'),
  rpcAuthRequired: fail(C.Unauthenticated, 'Auth token or HTTP key required'),
  httpKeyInvalid: fail(C.Unauthenticated, 'HTTP key invalid'),
  rpcBodyNotString: fail(C.InvalidArgument, 'json: cannot unmarshal object into Go value of type string'),
  runtimeCallTimeout: fail(C.Internal, 'Runtime function exceeded its time limit.'),
  runtimeWorkerLost: fail(C.Internal, 'Runtime worker stopped unexpectedly.'),
  runtimeUnavailable: fail(C.Unavailable, 'Runtime is not running.'),
  runtimeMatchLost: fail(C.Internal, 'Match handler state was lost with its runtime worker.'),
  // Leaderboards (Nakama's api_leaderboard.go texts).
  leaderboardIdInvalid: fail(C.InvalidArgument, 'Invalid leaderboard ID.'),
  leaderboardNotFound: fail(C.NotFound, 'Leaderboard not found.'),
  leaderboardWriteAuthoritative: fail(C.PermissionDenied, 'Leaderboard only allows authoritative score submissions.'),
  leaderboardDeleteAuthoritative: fail(C.PermissionDenied, 'Leaderboard only allows authoritative score deletions.'),
  leaderboardCursorInvalid: fail(C.InvalidArgument, 'Cursor is invalid or expired.'),
  leaderboardScoreRequired: fail(C.InvalidArgument, 'Invalid input, record score value is required.'),
  leaderboardMetadataInvalid: fail(C.InvalidArgument, 'Metadata value must be JSON, if provided.'),
  leaderboardOperatorInvalid: fail(C.InvalidArgument, 'Invalid operator.'),
  leaderboardOwnerIdsInvalid: fail(C.InvalidArgument, 'One or more owner IDs are invalid.'),
  leaderboardHaystackOwnerRequired: fail(C.InvalidArgument, 'Owner ID must be provided for a haystack query.'),
  leaderboardHaystackOwnerInvalid: fail(C.InvalidArgument, 'Invalid owner ID provided.'),
  // Tournaments (Nakama's api_tournament.go texts).
  tournamentIdInvalid: fail(C.InvalidArgument, 'Invalid tournament ID.'),
  tournamentIdRequired: fail(C.InvalidArgument, 'Tournament ID must be provided.'),
  tournamentNotFound: fail(C.NotFound, 'Tournament not found.'),
  tournamentNotFoundOrEnded: fail(C.NotFound, 'Tournament not found or has ended.'),
  tournamentEnded: fail(C.NotFound, 'Tournament has ended.'),
  tournamentJoinFull: fail(C.InvalidArgument, 'Tournament cannot be joined as it has reached its max size.'),
  tournamentJoinInactive: fail(C.InvalidArgument, 'Tournament is not active and cannot accept new joins.'),
  tournamentWriteFull: fail(C.FailedPrecondition, 'Tournament has reached max size.'),
  tournamentWriteAuthoritative: fail(C.PermissionDenied, 'Tournament only allows authoritative score submissions.'),
  tournamentDeleteAuthoritative: fail(C.PermissionDenied, 'Tournament only allows authoritative score deletions.'),
  tournamentWriteMaxNumScore: fail(C.FailedPrecondition, 'Reached allowed max number of score attempts.'),
  tournamentWriteJoinRequired: fail(C.FailedPrecondition, 'Must join tournament before attempting to write value.'),
  tournamentWriteInactive: fail(C.FailedPrecondition, 'Tournament is not active and cannot accept new scores.'),
  tournamentCategoryEndRange: fail(C.InvalidArgument, 'Tournament category end must be >=0 and <128.'),
  tournamentCategoryOrder: fail(C.InvalidArgument, 'Tournament category end must be greater than category start.'),
  tournamentTimeOrder: fail(C.InvalidArgument, 'Tournament end time must be greater than start time.'),
  tournamentListLimit: fail(C.InvalidArgument, 'Limit must be between 1 and 100.'),
} as const;

/** Errors whose text carries a value from the request. */
export const ErrorsWith = {
  invalidSystemId: (id: string) => new ApiError(C.InvalidArgument, `ID '${id}' is not a valid system ID.`),
  badRequestBody: (detail: string) => new ApiError(C.InvalidArgument, detail),
  badField: (field: string, expected: string) =>
    new ApiError(C.InvalidArgument, `Invalid value for field '${field}': expected ${expected}.`),
  friendUserIdInvalid: (id: string) => new ApiError(C.InvalidArgument, `Invalid user ID '${id}'.`),
  /** A match handler's reject message, or Nakama's default text when it gave none. */
  matchJoinRejected: (reason?: string) => new ApiError(C.PermissionDenied, reason || 'Match join rejected'),
  invalidLimit: (max: number) => new ApiError(C.InvalidArgument, `Invalid limit - limit must be between 1 and ${max}.`),
  /** An error thrown by module code as `{message, code}` (or a plain throw: code 13 with its message). */
  runtime: (code: number, message: string) => new ApiError((code >= 1 && code <= 16 ? code : C.Internal) as GrpcCode, message),
};

/** The HTTP status grpc-gateway gives each code. */
export function httpStatusFor(code: GrpcCode): number {
  switch (code) {
    case C.OK:
      return 200;
    case C.Cancelled:
      return 499;
    case C.InvalidArgument:
    case C.FailedPrecondition:
    case C.OutOfRange:
      return 400;
    case C.DeadlineExceeded:
      return 504;
    case C.NotFound:
      return 404;
    case C.AlreadyExists:
    case C.Aborted:
      return 409;
    case C.PermissionDenied:
      return 403;
    case C.ResourceExhausted:
      return 429;
    case C.Unimplemented:
      return 501;
    case C.Unavailable:
      return 503;
    case C.Unauthenticated:
      return 401;
    default:
      return 500;
  }
}

/** Turns anything thrown into an ApiError; unknown failures become a generic internal error. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(C.Internal, 'Internal server error.', { cause: err });
}
