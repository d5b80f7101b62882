using System.Security.Cryptography;
using System.Text;

namespace Basalt.Server;

/// <summary>
/// The "default" user, the only one until ACLs exist: it needs no password unless requirepass is
/// set, in which case that is its one password (ACLUpdateDefaultUserPassword).
/// </summary>
public static class DefaultUser
{
    public const string Name = "default";

    public const string WrongPass = "WRONGPASS invalid username-password pair or user is disabled.";

    /// <summary>
    /// ACLCheckUserCredentials: true when <paramref name="user"/> exists and accepts
    /// <paramref name="password"/>. The comparison takes the same time whatever the password.
    /// </summary>
    public static bool CheckCredentials(BasaltServer server, ReadOnlySpan<byte> user, ReadOnlySpan<byte> password)
    {
        if (!user.SequenceEqual("default"u8))
        {
            return false;
        }
        var required = server.Config.RequirePass;
        if (required.Length == 0)
        {
            return true;
        }
        // Hashing both sides first makes the comparison independent of where they differ and of their lengths.
        Span<byte> given = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(password, given);
        SHA256.HashData(Encoding.UTF8.GetBytes(required), expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    /// <summary>ACLAuthenticateUser: on success the client is authenticated as <paramref name="user"/>.</summary>
    public static bool Authenticate(BasaltServer server, ClientSession client, ReadOnlySpan<byte> user, ReadOnlySpan<byte> password)
    {
        if (!CheckCredentials(server, user, password))
        {
            return false;
        }
        client.Authenticated = true;
        client.User = Name;
        return true;
    }

    /// <summary>clientSetDefaultAuth: a client starts (and RESET puts it back) as the default user, authenticated only if that needs no password.</summary>
    public static void SetDefaultAuth(BasaltServer server, ClientSession client)
    {
        client.User = Name;
        client.Authenticated = !server.AuthRequired;
    }
}
