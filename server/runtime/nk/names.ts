/**
 * Every function Nakama's JavaScript runtime puts on `nk` (the reference's section 6a, in Nakama's own
 * order), plus getSatori which the bridge defines. Each exists on our `nk`; a name no area serves yet
 * throws `not implemented: nk.<name>`.
 */
export const NK_NAMES: readonly string[] = [
  'event', 'metricsCounterAdd', 'metricsGaugeSet', 'metricsTimerRecord', 'uuidv4', 'cronPrev', 'cronNext', 'sqlExec',
  'sqlQuery', 'httpRequest', 'base64Encode', 'base64Decode', 'base64UrlEncode', 'base64UrlDecode', 'base16Encode',
  'base16Decode', 'jwtGenerate', 'aes128Encrypt', 'aes128Decrypt', 'aes256Encrypt', 'aes256Decrypt', 'md5Hash',
  'sha256Hash', 'hmacSha256Hash', 'rsaSha256Hash', 'bcryptHash', 'bcryptCompare', 'authenticateApple',
  'authenticateCustom', 'authenticateDevice', 'authenticateEmail', 'authenticateFacebook',
  'authenticateFacebookInstantGame', 'authenticateGameCenter', 'authenticateGoogle', 'authenticateSteam',
  'authenticateTokenGenerate', 'accountGetId', 'accountsGetId', 'accountUpdateId', 'accountDeleteId',
  'accountExportId', 'accountImportId', 'usersGetId', 'usersGetUsername', 'usersGetFriendStatus', 'usersGetRandom',
  'usersBanId', 'usersUnbanId', 'linkApple', 'linkCustom', 'linkDevice', 'linkEmail', 'linkFacebook',
  'linkFacebookInstantGame', 'linkGameCenter', 'linkGoogle', 'linkSteam', 'unlinkApple', 'unlinkCustom',
  'unlinkDevice', 'unlinkEmail', 'unlinkFacebook', 'unlinkFacebookInstantGame', 'unlinkGameCenter', 'unlinkGoogle',
  'unlinkSteam', 'streamUserList', 'streamUserGet', 'streamUserJoin', 'streamUserUpdate', 'streamUserLeave',
  'streamUserKick', 'streamCount', 'streamClose', 'streamSend', 'streamSendRaw', 'sessionDisconnect',
  'sessionLogout', 'matchCreate', 'matchGet', 'matchList', 'matchSignal', 'notificationSend', 'notificationSendAll',
  'notificationsList', 'notificationsSend', 'notificationsDelete', 'notificationsUpdate', 'notificationsGetId',
  'notificationsDeleteId', 'walletUpdate', 'walletsUpdate', 'walletLedgerUpdate', 'walletLedgerList', 'statusFollow',
  'statusUnfollow', 'storageList', 'storageRead', 'storageWrite', 'storageWriteRetry', 'storageDelete',
  'multiUpdate', 'leaderboardCreate', 'leaderboardDelete', 'leaderboardList', 'leaderboardRanksDisable',
  'leaderboardRecordsList', 'leaderboardRecordsListCursorFromRank', 'leaderboardRecordWrite',
  'leaderboardRecordDelete', 'leaderboardsGetId', 'leaderboardRecordsHaystack', 'purchaseValidateApple',
  'purchaseValidateGoogle', 'purchaseValidateHuawei', 'purchaseValidateFacebookInstant', 'purchaseValidateSamsung',
  'purchaseGetByTransactionId', 'purchasesList', 'subscriptionValidateApple', 'subscriptionValidateGoogle',
  'subscriptionGetByProductId', 'subscriptionsList', 'tournamentCreate', 'tournamentDelete', 'tournamentAddAttempt',
  'tournamentJoin', 'tournamentList', 'tournamentsRanksDisable', 'tournamentsGetId', 'tournamentRecordsList',
  'tournamentRecordWrite', 'tournamentRecordDelete', 'tournamentRecordsHaystack', 'groupsGetId', 'groupCreate',
  'groupUpdate', 'groupDelete', 'groupUsersKick', 'groupUsersList', 'userGroupsList', 'friendsList',
  'friendsOfFriendsList', 'friendsAdd', 'friendsDelete', 'friendsBlock', 'friendMetadataUpdate', 'groupUserJoin',
  'groupUserLeave', 'groupUsersAdd', 'groupUsersBan', 'groupUsersPromote', 'groupUsersDemote', 'groupsList',
  'groupsGetRandom', 'fileRead', 'localcacheGet', 'localcachePut', 'localcacheDelete', 'localcacheClear',
  'channelMessageSend', 'channelMessageUpdate', 'channelMessageRemove', 'channelMessagesList', 'channelIdBuild',
  'binaryToString', 'stringToBinary', 'storageIndexList', 'partyList', 'secureRandomBytes',
];
