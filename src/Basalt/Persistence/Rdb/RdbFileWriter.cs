using System.Buffers;
using System.Globalization;
using System.Text;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// The framing records of an RDB file as Redis 7.0 writes them (rdbSaveRio): the magic, the AUX
/// fields in Redis's order, one FUNCTION2 record per library, and SELECTDB / RESIZEDB before a
/// database's keys. The key records come from <see cref="RdbValueWriter"/>; EOF and the checksum
/// from <see cref="RdbFileTarget.WriteTrailer"/>.
/// </summary>
public static class RdbFileWriter
{
    /// <summary>Writes "REDIS0010", the AUX fields and the function libraries.</summary>
    public static void WriteHeader(IBufferWriter<byte> output, in RdbHeaderFields fields, IReadOnlyList<byte[]> functionLibraries, bool compress)
    {
        output.Write("REDIS0010"u8);
        WriteAux(output, "redis-ver"u8, Encoding.ASCII.GetBytes(fields.RedisVersion), compress);
        WriteAux(output, "redis-bits"u8, "64"u8, compress);
        WriteAux(output, "ctime"u8, Number(fields.CreatedUnixSeconds), compress);
        WriteAux(output, "used-mem"u8, Number(fields.UsedMemory), compress);
        WriteAux(output, "aof-base"u8, fields.AofBase ? "1"u8 : "0"u8, compress);
        foreach (var library in functionLibraries)
        {
            output.Write([RdbFormat.OpFunction2]);
            RdbEncoder.WriteString(output, library, compress);
        }
    }

    /// <summary>SELECTDB, and RESIZEDB with the sizes when <paramref name="sizes"/> is given (the first time a database appears).</summary>
    public static void WriteSelectDb(IBufferWriter<byte> output, int db, (long Keys, long Expires)? sizes)
    {
        output.Write([RdbFormat.OpSelectDb]);
        RdbEncoder.WriteLength(output, (ulong)db);
        if (sizes is { } s)
        {
            output.Write([RdbFormat.OpResizeDb]);
            RdbEncoder.WriteLength(output, (ulong)s.Keys);
            RdbEncoder.WriteLength(output, (ulong)s.Expires);
        }
    }

    private static void WriteAux(IBufferWriter<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool compress)
    {
        output.Write([RdbFormat.OpAux]);
        RdbEncoder.WriteString(output, key, compress);
        RdbEncoder.WriteString(output, value, compress);
    }

    private static byte[] Number(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}

/// <summary>The values of the AUX fields a snapshot starts with.</summary>
public readonly record struct RdbHeaderFields(string RedisVersion, long CreatedUnixSeconds, long UsedMemory, bool AofBase);
