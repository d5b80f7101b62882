using System.Buffers;
using System.Buffers.Binary;
using Basalt.Types;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// The payload DUMP returns and RESTORE accepts (cluster.c createDumpPayload): the RDB type byte
/// and value, the RDB version as 2 bytes little endian, then the CRC-64 of all that, 8 bytes
/// little endian.
/// </summary>
public static class DumpPayload
{
    /// <summary>Bytes after the serialized value: the version (2) and the CRC-64 (8).</summary>
    public const int FooterSize = 2 + 8;

    /// <summary>The DUMP payload of <paramref name="value"/>; <paramref name="compress"/> is rdbcompression.</summary>
    public static byte[] Create(RedisObject value, bool compress)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        RdbEncoder.WriteByte(buffer, RdbValueWriter.TypeOf(value));
        RdbValueWriter.Write(buffer, value, compress);

        var bodyLength = buffer.WrittenCount;
        var payload = new byte[bodyLength + FooterSize];
        buffer.WrittenSpan.CopyTo(payload);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(bodyLength), RdbFormat.Version);
        var crc = Crc64.Compute(payload.AsSpan(0, bodyLength + 2));
        BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(bodyLength + 2), crc);
        return payload;
    }
}
