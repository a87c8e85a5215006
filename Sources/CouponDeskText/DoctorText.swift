/// The words of `coupondesk doctor`: each check's title, findings and advice, and the report's
/// summary. The report renders them in the user's language; `--json` always in English.
public enum DoctorText: String, TextCatalogue {
    case titleConfig, titleFlavor, titleKeyPermissions, titlePrivateKey, titleKeyPair, titleCertificate
    case titleVerification, titlePublicKeyID, titlePublicKey, titleNetwork, titleDNS, titleTCP, titleTLS, titleHTTP
    case titleClock, titleSignedCall, titleHistory, titleLocale, titleTerminal, titleColours, configLoads
    case configFixFirst, flavorIs, flavorSet, flavorRemoveKey, flavorCallerPartner, flavorCallerBrand
    case flavorSerialOf, flavorHasNo, flavorSetKey, flavorSigns, ownerIsBrand, ownerIsBrandAdvice, ownerIsMerchant
    case ownerIsMerchantAdvice, ownerNotBrand, ownerNotBrandAdvice, publicKeyHalfMissing, publicKeySetBoth
    case publicKeyMode, platformCertificateToo, platformCertificatesToo, brandNoPublicKey, platformOnly
    case platformOnlyAdvice, nothingToVerify, nothingToVerifyAdvice, noPrivateKeyFile, cannotExamine, everyUser
    case itsGroup, canRead, canChange, keyModeLoose, keyModeOwner, privateKeyInline, privateKeyInlineAdvice
    case setPrivateKeyFile, privateKeyBits, serialLooksDecimal, serialCopy, keyPairNotChecked, keyPairSetCertificate
    case privateKeyDidNotLoad, notAKeyPair, notAKeyPairAdvice, serialInDecimal, noneGiven, serialNotOf
    case serialNotOfAdvice, keyPairBelongs, renewMerchant, renewBrand, platformCertificate, renewPlatform
    case removePlatform, noCertificates, noCertificatesPublicKey, validityUnreadable, validityUnreadableAdvice
    case certificateExpired, certificateExpiresDay, certificateExpiresDays, certificateValid, keyFileMissing
    case keyFileUnreadable, keyFileNotPEM, holdsNotPrivateKey, holdsNotPublicKey, holdsNotCertificate, notRSA2048
    case mismatchedPair, opensslFailed, noPublicKeyID, copyPublicKeyID, publicKeyIDForm, publicKeyIDDigits
    case publicKeyIDIsSerial, publicKeyIDCapitals, publicKeyIDLooksHex, platformBelongs, publicKeyIDNoPrefix
    case publicKeyIDNot, publicKeyInline, publicKeyInlineAdvice, noPublicKeyFile, publicKeyUnusable, publicKeyIsOwn
    case downloadPublicKey, publicKeyShort, downloadPublicKeyAgain, publicKeyBits, historyIsFolder
    case historyPointAtFile, historyNotWritable, historyMakeWritable, historyWritable, historyFolderNotFolder
    case historyPointInOwnFolder, historyFolderNotWritable, historyFolderAdvice, historyNotYet, localeAdvice
    case localeConsoleSwitches, noLocale, notUTF8Locale, noTERM, noTERMAdvice, noTerminalType, setTERM
    case termCannotRun, termCanDraw, noColorSet, noColours, noColoursAdvice, colours, dnsAdvice, dnsIsAddress
    case dnsResolved, tcpNotTried, tcpLoopbackAdvice, tcpAdvice, tcpConnected, tlsAdvice, tlsNotTried, tlsHandshake
    case httpLoopbackAdvice, httpAdvice, httpNotTried, anAnswer, httpAnswered, clockNoAnswer, dateHeader
    case clockNoDate, clockSync, clockAheadFail, clockBehindFail, clockAheadWarn, clockBehindWarn, clockAgrees
    case clockWithin, callLacks, callNothingToVerify, callNoDefaults, callAddDefaults, callNotSigned, callNoAnswer
    case callNoAnswerAdvice, setPublicKeyIDTo, signedByPlatform, theKey, signedByOther, theConfiguredKey
    case doesNotVerifyWith, theID, notTheKeyOf, doesNotVerify, trustsNoUnverified, thePlatformCertificate
    case stockState, callVerified, callRefused, callRefusedPartner, callRefusedBrand, stockNotFound, checkDefaults
    case checkDefaultsPartner, serverBusy, runAgainInAMinute, lookUpRefused, keysWork, unsignedSuccess
    case unsignedSuccessAdvice, unsignedAnswer, unsignedAnswerAdvice, verifiedWith, notOffered, notOfferedAdvice
    case callFinding, signSerial, signSerialAdvice, signSignature, signSignatureAdvice, signCaller, signCallerAdvice
    case signTimestamp, signTimestampAdvice, signScheme, signSchemeAdvice, signRefused, signRefusedAdvice
    case baseURLUnusable, callNoBaseURL, callUnreachable, demoInProcess, createConfig, makeConfigReadable, fixJSON
    case noConfigFile, countOK, countWarning, countWarnings, countFailed, countSkipped, countSeparator
    case summaryUnusable, summaryFailed, summaryWarned, summaryReady, merchantCertificate, brandCertificate
    case merchantPrivateKey, brandPrivateKey

    public static var english: [Self: String] { englishTable }
    public static var chinese: [Self: String] { chineseTable }
}
