namespace Basalt.Persistence.Rdb;

/// <summary>
/// The rdb.c line numbers that Redis 7.0.15 (the Debian build this project checks against) prints
/// in "Internal error in RDB reading offset N, function at rdb.c:LINE -> reason" for each problem it
/// reports through rdbReportError. Measured with redis-check-rdb and redis-server on damaged files
/// (the Debian build's patches move them away from the 7.0.15 tag's source); kept so that a check
/// tool or the startup log can print exactly what Redis prints.
/// </summary>
public static class RedisReportLines
{
    public const int UnknownLengthEncoding = 236;
    public const int InvalidLzf = 413;
    public const int UnknownStringEncoding = 529;
    public const int ModuleValueInteger = 1540;
    public const int ModuleValueString = 1546;
    public const int ModuleValueFloat = 1553;
    public const int ModuleValueDouble = 1559;
    public const int DuplicateIntsetMember = 1809;
    public const int DuplicateSetMember = 1829;
    public const int ZsetNanScore = 1882;
    public const int DuplicateZsetMember = 1894;
    public const int HashDuplicateInListpackPhase = 1951;
    public const int HashDuplicateOnConversion = 1969;
    public const int HashDuplicateInTable = 2019;
    public const int QuicklistContainer = 2048;
    public const int QuicklistListpack = 2071;
    public const int QuicklistZiplist = 2081;
    public const int Zipmap = 2130;
    public const int ZipmapDuplicate = 2154;
    public const int ListZiplist = 2189;
    public const int Intset = 2214;
    public const int ZsetZiplist = 2229;
    public const int ZsetListpack = 2255;
    public const int HashZiplist = 2275;
    public const int HashListpack = 2301;
    public const int StreamListpacksLength = 2327;
    public const int StreamMasterId = 2338;
    public const int StreamNodeKeySize = 2343;
    public const int StreamListpackRead = 2355;
    public const int StreamListpack = 2362;
    public const int StreamEmptyListpack = 2374;
    public const int StreamDuplicateNode = 2386;
    public const int StreamMetadata = 2424;
    public const int StreamLengthInconsistent = 2430;
    public const int StreamGroupCount = 2438;
    public const int StreamGroupName = 2449;
    public const int StreamGroupId = 2458;
    public const int StreamGroupOffset = 2469;
    public const int StreamDuplicateGroup = 2480;
    public const int StreamPelSize = 2495;
    public const int StreamPelId = 2502;
    public const int StreamPelNack = 2510;
    public const int StreamDuplicatePel = 2516;
    public const int StreamConsumerCount = 2527;
    public const int StreamConsumerName = 2534;
    public const int StreamDuplicateConsumer = 2543;
    public const int StreamSeenTime = 2549;
    public const int StreamConsumerPelSize = 2558;
    public const int StreamConsumerPelId = 2566;
    public const int StreamConsumerPelNotFound = 2573;
    public const int StreamPelAlreadyOwned = 2583;
    public const int StreamPelWithoutConsumer = 2611;
    public const int ModuleIdShortRead = 2622;
    public const int ModuleNotFound = 2636;
    public const int UnknownEncodingType = 2681;
    public const int BadWhenOpcode = 3066;
    public const int CrcMismatch = 3225;
    public const int UnexpectedEof = 3249;
}
