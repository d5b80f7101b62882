namespace Basalt.Persistence.Rdb;

/// <summary>
/// The constants of the RDB format as Redis 7.0 defines them (rdb.h): the version written, the
/// opcodes that frame a file, the object type bytes and the special string encodings.
/// </summary>
public static class RdbFormat
{
    /// <summary>The version 7.0 writes ("REDIS0010") and the newest it loads.</summary>
    public const int Version = 10;

    /// <summary>"REDIS" followed by four ASCII digits.</summary>
    public const int HeaderLength = 9;

    // Opcodes: a byte in the place of an object type that is not an object type.
    public const byte OpFunctionPreGa = 0xF6;
    public const byte OpFunction2 = 0xF5;
    public const byte OpModuleAux = 0xF7;
    public const byte OpIdle = 0xF8;
    public const byte OpFreq = 0xF9;
    public const byte OpAux = 0xFA;
    public const byte OpResizeDb = 0xFB;
    public const byte OpExpireTimeMs = 0xFC;
    public const byte OpExpireTime = 0xFD;
    public const byte OpSelectDb = 0xFE;
    public const byte OpEof = 0xFF;

    // Object types (valid: 0-7 and 9-19).
    public const byte TypeString = 0;
    public const byte TypeList = 1;
    public const byte TypeSet = 2;
    public const byte TypeZset = 3;
    public const byte TypeHash = 4;
    public const byte TypeZset2 = 5;
    public const byte TypeModule = 6;
    public const byte TypeModule2 = 7;
    public const byte TypeHashZipmap = 9;
    public const byte TypeListZiplist = 10;
    public const byte TypeSetIntset = 11;
    public const byte TypeZsetZiplist = 12;
    public const byte TypeHashZiplist = 13;
    public const byte TypeListQuicklist = 14;
    public const byte TypeStreamListpacks = 15;
    public const byte TypeHashListpack = 16;
    public const byte TypeZsetListpack = 17;
    public const byte TypeListQuicklist2 = 18;
    public const byte TypeStreamListpacks2 = 19;

    /// <summary>Whether a byte read where a type is expected names an object type 7.0 can load.</summary>
    public static bool IsObjectType(byte type) => type <= TypeModule2 || (type >= TypeHashZipmap && type <= TypeStreamListpacks2);

    // Length encodings (the top two bits of the first byte).
    public const byte Len6Bit = 0;
    public const byte Len14Bit = 1;
    public const byte Len32Bit = 0x80;
    public const byte Len64Bit = 0x81;
    public const byte LenEncodedValue = 3;

    // Special string encodings (the low six bits after 11).
    public const byte EncInt8 = 0;
    public const byte EncInt16 = 1;
    public const byte EncInt32 = 2;
    public const byte EncLzf = 3;

    // Quicklist 2 node containers.
    public const int QuicklistNodePlain = 1;
    public const int QuicklistNodePacked = 2;

    /// <summary>Module value sub-opcodes.</summary>
    public const int ModuleOpEof = 0;
    public const int ModuleOpSInt = 1;
    public const int ModuleOpUInt = 2;
    public const int ModuleOpFloat = 3;
    public const int ModuleOpDouble = 4;
    public const int ModuleOpString = 5;
}
