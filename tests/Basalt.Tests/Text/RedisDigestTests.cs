using System.Text;
using Basalt.Text;
using Xunit;

namespace Basalt.Tests.Text;

/// <summary>DEBUG DIGEST / DEBUG DIGEST-VALUE outputs observed on redis-server 7.0.15.</summary>
public class RedisDigestTests
{
    private const string Zeros = "0000000000000000000000000000000000000000";

    [Fact]
    public void EmptyDatasetAndMissingKeyAreZeros()
    {
        Assert.Equal(Zeros, Dataset());
        Assert.Equal(Zeros, RedisDigest.ToHex(new byte[RedisDigest.Size]));
    }

    [Fact]
    public void SingleStringKey()
    {
        // SET k v
        Assert.Equal("264ccf65edec66bccfa7cc659414ccca432057d2", Dataset((0, "k", "v", false)));
        Assert.Equal("d79ee9fe5d5ad902d7f6620efc3b07b75ddd742f", Value("v", false));
    }

    [Fact]
    public void ExpireIsPartOfTheDigest()
    {
        // SET k v; EXPIRE k 1000
        Assert.Equal("bf83f210388eea94f06fb90d517490e16a08d7dd", Dataset((0, "k", "v", true)));
        Assert.Equal("311b17018163335616e089f6b951c82c477335ac", Value("v", true));
    }

    [Fact]
    public void DatabaseIndexIsPartOfTheDigest()
    {
        // SELECT 1; SET k v
        Assert.Equal("3efb24844f90383a755c8c3b3dd4be484730a360", Dataset((1, "k", "v", false)));
    }

    [Fact]
    public void SeveralKeysAndDatabasesInAnyOrder()
    {
        // SET a 1; SET b hello; SET "" ""; SELECT 1; SET a 1
        const string Expected = "7a7400e0e8911475bd200d4d18f88270302358a2";
        Assert.Equal(Expected, Dataset((0, "a", "1", false), (0, "b", "hello", false), (0, "", "", false), (1, "a", "1", false)));
        Assert.Equal(Expected, Dataset((0, "", "", false), (0, "b", "hello", false), (0, "a", "1", false), (1, "a", "1", false)));
        Assert.Equal("b4fc66738120fba0b5aa500ab5c2bf89cea1c5da", Value("1", false));
        Assert.Equal("36b23a1456b2dce2c3ed252c456761301dba8060", Value("hello", false));
        Assert.Equal("8b3447c33a834b810e3e181b6fd6a2ee1020921c", Value("", false));
    }

    [Fact]
    public void MixIsOrderSensitiveXorIsNot()
    {
        byte[] a = new byte[RedisDigest.Size];
        byte[] b = new byte[RedisDigest.Size];
        RedisDigest.Xor(a, "x"u8);
        RedisDigest.Xor(a, "y"u8);
        RedisDigest.Xor(b, "y"u8);
        RedisDigest.Xor(b, "x"u8);
        Assert.Equal(a, b);

        Array.Clear(a);
        Array.Clear(b);
        RedisDigest.Mix(a, "x"u8);
        RedisDigest.Mix(a, "y"u8);
        RedisDigest.Mix(b, "y"u8);
        RedisDigest.Mix(b, "x"u8);
        Assert.NotEqual(a, b);
    }

    private static string Value(string value, bool hasExpire)
    {
        byte[] digest = new byte[RedisDigest.Size];
        RedisDigest.MixStringValue(digest, Encoding.Latin1.GetBytes(value), hasExpire);
        return RedisDigest.ToHex(digest);
    }

    private static string Dataset(params (int Db, string Key, string Value, bool HasExpire)[] keys)
    {
        byte[] final = new byte[RedisDigest.Size];
        byte[] keyDigest = new byte[RedisDigest.Size];
        foreach (IGrouping<int, (int Db, string Key, string Value, bool HasExpire)> db in keys.GroupBy(k => k.Db).OrderBy(g => g.Key))
        {
            RedisDigest.BeginDatabase(final, db.Key);
            foreach ((int _, string key, string value, bool hasExpire) in db)
            {
                RedisDigest.ComputeStringKey(keyDigest, Encoding.Latin1.GetBytes(key), Encoding.Latin1.GetBytes(value), hasExpire);
                RedisDigest.AddKey(final, keyDigest);
            }
        }

        return RedisDigest.ToHex(final);
    }
}
