using System.Buffers.Binary;
using System.Text;
using Basalt.Persistence.Rdb;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// Real redis-server (rdbcompression yes, the default) DUMPs string values; the LZF payload in each
/// DUMP must be exactly what <see cref="Lzf.Compress"/> produces with Redis's budget (length - 4),
/// and a value Redis stores uncompressed must not fit that budget here either.
/// </summary>
public sealed class LzfMatchesRedisTests : IAsyncLifetime
{
    private ServerProcess? _redis;
    private RespConnection? _connection;

    public async Task InitializeAsync()
    {
        _redis = await ServerProcess.StartAsync(ServerKind.Redis, "--rdbcompression", "yes");
        _connection = await _redis.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task CompressOutputIsByteIdenticalToRedisDumpPayloads()
    {
        var values = Values();
        var compressedByRedis = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            var key = $"lzf:{i}";
            Assert.Equal("OK", (await _connection!.ExecuteAsync("SET", key, value)).Text);
            var payload = (await _connection.ExecuteAsync("DUMP", key)).Value.Bytes
                ?? throw new InvalidOperationException($"DUMP {key} returned nothing");

            // Payload = type 00, RDB string, RDB version 10 (2 bytes LE), CRC-64 of all before (LE).
            Assert.Equal(0x00, payload[0]);
            Assert.Equal(10, BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(payload.Length - 10)));
            Assert.Equal(
                BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(payload.Length - 8)),
                Crc64.Compute(payload.AsSpan(0, payload.Length - 8)));

            var ours = new byte[value.Length - 4];
            var written = Lzf.Compress(value, ours);
            if (payload[1] == 0xC3)
            {
                Assert.True(LzfBlob.TryReadLength(payload, 2, out var clen, out var clenSize));
                Assert.True(LzfBlob.TryReadLength(payload, 2 + clenSize, out var len, out var lenSize));
                Assert.Equal(value.Length, len);
                var redisBlob = payload.AsSpan(2 + clenSize + lenSize, (int)clen).ToArray();
                Assert.True(redisBlob.AsSpan().SequenceEqual(ours.AsSpan(0, written)),
                    $"value #{i} ({value.Length} bytes): Redis compressed to {clen} bytes, Basalt to {written}");
                compressedByRedis++;
            }
            else
            {
                Assert.True(written == 0, $"value #{i} ({value.Length} bytes): Redis stored it raw, Basalt compressed to {written}");
            }
        }
        // Most of the generated values are compressible; make sure the comparison really happened.
        Assert.True(compressedByRedis > values.Count / 2, $"only {compressedByRedis} of {values.Count} compressed");
    }

    private static List<byte[]> Values()
    {
        var values = new List<byte[]>
        {
            Encoding.ASCII.GetBytes(new string('a', 21)),
            Encoding.ASCII.GetBytes("abcdefghijklmnopqrstu"), // incompressible: stored raw
            Encoding.ASCII.GetBytes(new string('0', 264)),
            Encoding.ASCII.GetBytes(new string('0', 265)),
            Encoding.ASCII.GetBytes(new string('z', 100_000)),
            LzfTests.Make("random", 200, seed: 1),
            LzfTests.Make("farrepeat", 30_000, seed: 2),
            LzfTests.Make("text", 200_000, seed: 3),
        };
        var random = new Random(42);
        for (var i = 0; i < 60; i++)
        {
            values.Add(LzfTests.Make("text", random.Next(21, 3000), seed: 100 + i));
            values.Add(LzfTests.Make("lowalphabet", random.Next(21, 600), seed: 200 + i));
        }
        // A block repeated right at the end, so the match runs into the last bytes of the input
        // (liblzf's unrolled compare may pass its nominal maximum length there).
        for (var blockLength = 3; blockLength <= 24; blockLength++)
        {
            for (var tail = 0; tail <= 3; tail++)
            {
                var block = new byte[blockLength];
                random.NextBytes(block);
                var prefix = new byte[random.Next(0, 40)];
                random.NextBytes(prefix);
                var tailBytes = new byte[tail];
                random.NextBytes(tailBytes);
                var value = prefix.Concat(block).Concat(block).Concat(tailBytes).ToArray();
                if (value.Length > 20)
                {
                    values.Add(value);
                }
            }
        }
        return values;
    }
}
