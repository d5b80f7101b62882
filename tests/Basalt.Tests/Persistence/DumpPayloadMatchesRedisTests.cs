using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Basalt.Persistence.Rdb;
using Basalt.Tests.Infrastructure;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// <see cref="DumpPayload.Create"/> for values built in memory against DUMP of the same values made
/// by the same commands on a real redis-server 7.0.15, with rdbcompression on and off: byte for
/// byte, except for hashtable-encoded sets and hashes (Redis's dict order), whose elements are
/// compared after taking the payload apart, and stream PEL/consumer times (copied from Redis's).
/// Redis must also RESTORE every payload Basalt makes, with deep sanitization, to the same value.
/// </summary>
public sealed class DumpPayloadMatchesRedisTests(DumpPayloadMatchesRedisTests.RedisWithData redis)
    : IClassFixture<DumpPayloadMatchesRedisTests.RedisWithData>
{
    /// <summary>A value: the commands that make it on Redis, how to build it in memory, and whether order is Redis's dict order.</summary>
    public sealed record Case(string Key, object[][] Commands, Func<RedisObject> Build, bool Unordered = false);

    private static readonly Case[] Cases = BuildCases();

    public static TheoryData<string, bool> CaseNames()
    {
        var data = new TheoryData<string, bool>();
        foreach (var c in Cases)
        {
            data.Add(c.Key, true);
            data.Add(c.Key, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Payload_matches_redis_dump(string key, bool compress)
    {
        var c = Cases.Single(x => x.Key == key);
        var theirs = await redis.DumpAsync(key, compress);
        AssertFooterValid(theirs);

        var value = c.Build();
        if (value is RedisStream stream)
        {
            StreamRecordTimes.CopyInto(new RdbRecordCursor(theirs, 1), stream);
        }
        var ours = DumpPayload.Create(value, compress);
        AssertFooterValid(ours);

        if (!c.Unordered)
        {
            Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(ours));
            return;
        }
        Assert.Equal(theirs[0], ours[0]);
        Assert.Equal(theirs.Length, ours.Length);
        var theirCursor = new RdbRecordCursor(theirs, 1);
        var ourCursor = new RdbRecordCursor(ours, 1);
        Assert.Equal(
            RdbValueWriterTests.EncodedElements(theirCursor, theirs[0]),
            RdbValueWriterTests.EncodedElements(ourCursor, ours[0]));
        Assert.Equal(ours.Length - DumpPayload.FooterSize, ourCursor.Position);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Redis_restores_the_payload_to_the_same_value(string key, bool compress)
    {
        var ours = DumpPayload.Create(Cases.Single(x => x.Key == key).Build(), compress);
        var (original, restored) = await redis.RestoreAndDigestAsync(key, ours, CommonDataSet.ExpireAt(key));
        Assert.Equal(original, restored);
    }

    private static void AssertFooterValid(byte[] payload)
    {
        var body = payload.Length - DumpPayload.FooterSize;
        Assert.Equal(RdbFormat.Version, BinaryPrimitives.ReadUInt16LittleEndian(payload.AsSpan(body)));
        Assert.Equal(Crc64.Compute(payload.AsSpan(0, body + 2)), BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(body + 2)));
    }

    private static Case[] BuildCases()
    {
        string[] dataSet =
        [
            .. CommonDataSet.Strings.Select(s => s.Key),
            "list:small", "list:big", "db3:list", "set:intset16", "set:intset64", "hash:small", "hash:ttl", "hash:longval",
            "zset:small", "zset:big", "zset:longmember", "stream:events", "stream:empty",
        ];
        var cases = dataSet
            .Select(key => new Case(key, CommonDataSet.Commands(key).ToArray(), () => CommonDataSet.Build(key)))
            .ToList();
        foreach (var key in new[] { "set:strings", "set:big", "hash:big" })
        {
            cases.Add(new Case(key, CommonDataSet.Commands(key).ToArray(), () => CommonDataSet.Build(key), Unordered: true));
        }

        cases.Add(StringCase("x:str20", new string('a', 20)));
        cases.Add(StringCase("x:str21", new string('a', 21)));
        cases.Add(StringCase("x:neg0", "-0"));
        cases.Add(StringCase("x:int32max", "2147483647"));
        cases.Add(StringCase("x:int32over", "2147483648"));
        cases.Add(StringCase("x:text", string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i % 97} of text\n"))));
        var random = new byte[100_000];
        new Random(11).NextBytes(random);
        cases.Add(new Case("x:random", [["SET", "x:random", random]], () => RedisString.FromValue(random)));
        // SETRANGE on a missing key leaves a raw string, which is still written in integer form.
        cases.Add(new Case("x:rawint", [["SETRANGE", "x:rawint", "0", "100"]], () => RedisString.FromRawBytes("100"u8.ToArray())));

        var many = Enumerable.Range(0, 50_000).Select(i => $"item:{i}").ToArray();
        cases.Add(new Case("x:manylist", many.Chunk(1000).Select(chunk => (object[])["RPUSH", "x:manylist", .. chunk]).ToArray(),
            () => CommonDataSet.List(many)));
        string[] mixed = ["small", new string('b', 9000), "12", new string('c', 70_000), "-3", "tail"];
        cases.Add(new Case("x:bigelements", [["RPUSH", "x:bigelements", .. mixed]], () => CommonDataSet.List(mixed)));
        string[] pushedAtHead = ["1", "two", "-300000", "4.5", "99999999999"];
        cases.Add(new Case("x:lpush", [["LPUSH", "x:lpush", .. pushedAtHead]], () =>
        {
            var list = new RedisList(CommonDataSet.ListFill);
            foreach (var element in pushedAtHead)
            {
                list.PushHead(Encoding.ASCII.GetBytes(element));
            }
            return list;
        }));

        string[] intset32 = ["1", "100000", "-70000"];
        cases.Add(new Case("x:intset32", [["SADD", "x:intset32", .. intset32]], () => CommonDataSet.Set(intset32)));
        var hashInts = Enumerable.Range(0, 600).SelectMany(i => new[] { (i * 7).ToString(CultureInfo.InvariantCulture), (-i).ToString(CultureInfo.InvariantCulture) }).ToArray();
        cases.Add(new Case("x:hashints", [["HSET", "x:hashints", .. hashInts]], () => CommonDataSet.Hash(hashInts), Unordered: true));
        var ties = Enumerable.Range(0, 150).Select(i => ("1", $"m{i}")).ToArray();
        cases.Add(new Case("x:zsetties", [["ZADD", "x:zsetties", .. ties.SelectMany(p => new[] { p.Item1, p.Item2 })]],
            () => CommonDataSet.Zset(ties)));
        var intMembers = Enumerable.Range(1, 10).Select(i => ((i * 0.1).ToString("R", CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture))).ToArray();
        cases.Add(new Case("x:zsetints", [["ZADD", "x:zsetints", .. intMembers.SelectMany(p => new[] { p.Item1, p.Item2 })]],
            () => CommonDataSet.Zset(intMembers)));

        cases.Add(StreamWithGroupCase());
        return cases.ToArray();
    }

    private static Case StringCase(string key, string value) =>
        new(key, [["SET", key, value]], () => RedisString.FromValue(Encoding.ASCII.GetBytes(value)));

    /// <summary>250 entries (three nodes of at most 100) and a group named like an integer, created with ENTRIESREAD.</summary>
    private static Case StreamWithGroupCase()
    {
        const string key = "x:stream";
        var commands = new List<object[]>();
        for (var i = 1; i <= 250; i++)
        {
            commands.Add(["XADD", key, $"5-{i}", "a", i.ToString(CultureInfo.InvariantCulture), "b", "x"]);
        }
        commands.Add(["XGROUP", "CREATE", key, "123", "$", "ENTRIESREAD", "5"]);
        return new Case(key, commands.ToArray(), () =>
        {
            var stream = new RedisStream();
            for (var i = 1; i <= 250; i++)
            {
                stream.Append(new StreamId(5, (ulong)i), new StreamPairs(i.ToString(CultureInfo.InvariantCulture)),
                    CommonDataSet.StreamNodeMaxBytes, CommonDataSet.StreamNodeMaxEntries);
            }
            var group = new StreamConsumerGroup("123"u8.ToArray(), stream.LastId, 5);
            stream.Groups = new SortedDictionary<byte[], StreamConsumerGroup>(StreamConsumerGroup.ByteOrder.Instance) { [group.Name] = group };
            return stream;
        });
    }

    private sealed class StreamPairs(string a) : IStreamFieldSource
    {
        public int PairCount => 2;

        public ReadOnlySpan<byte> Field(int index) => index == 0 ? "a"u8 : "b"u8;

        public ReadOnlySpan<byte> Value(int index) => index == 0 ? Encoding.ASCII.GetBytes(a) : "x"u8;
    }

    /// <summary>One real redis-server holding every case's value.</summary>
    public sealed class RedisWithData : IAsyncLifetime
    {
        private ServerProcess? _server;
        private RespConnection? _connection;
        private bool? _compression;

        public async Task InitializeAsync()
        {
            _server = await ServerProcess.StartAsync(ServerKind.Redis);
            _connection = await _server.ConnectAsync();
            Assert.Equal("OK", (await _connection.ExecuteAsync("CONFIG", "SET", "sanitize-dump-payload", "yes")).Value.Text);
            foreach (var c in Cases)
            {
                foreach (var command in c.Commands)
                {
                    var reply = await _connection.ExecuteAsync(command);
                    if (reply.Value.IsError)
                    {
                        throw new InvalidOperationException($"{string.Join(' ', command.Take(3))}: {reply.Value.Text}");
                    }
                }
            }
        }

        /// <summary>
        /// RESTOREs <paramref name="payload"/> (deeply validated: sanitize-dump-payload yes) under a
        /// second name, with the original's expiry (the digest covers it), and returns the DEBUG
        /// DIGEST-VALUE of the original key and of the restored one.
        /// </summary>
        public async Task<(string Original, string Restored)> RestoreAndDigestAsync(string key, byte[] payload, long expireAtMs)
        {
            var copy = "restored:" + key;
            var ttl = expireAtMs == -1 ? "0" : expireAtMs.ToString(CultureInfo.InvariantCulture);
            var restore = await _connection!.ExecuteAsync("RESTORE", copy, ttl, payload, "REPLACE", "ABSTTL");
            Assert.Equal("OK", restore.Value.Text);
            var digests = await _connection.ExecuteAsync("DEBUG", "DIGEST-VALUE", key, copy);
            Assert.Equal(2, digests.Value.Count);
            return (digests.Value[0].Text!, digests.Value[1].Text!);
        }

        public async Task<byte[]> DumpAsync(string key, bool compress)
        {
            if (_compression != compress)
            {
                var set = await _connection!.ExecuteAsync("CONFIG", "SET", "rdbcompression", compress ? "yes" : "no");
                Assert.Equal("OK", set.Value.Text);
                _compression = compress;
            }
            var reply = await _connection!.ExecuteAsync("DUMP", key);
            return reply.Value.Bytes ?? throw new InvalidOperationException($"DUMP {key} returned {reply.Value}");
        }

        public async Task DisposeAsync()
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
