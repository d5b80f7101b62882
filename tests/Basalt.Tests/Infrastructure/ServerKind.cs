namespace Basalt.Tests.Infrastructure;

/// <summary>Which server binary a <see cref="ServerProcess"/> runs.</summary>
public enum ServerKind
{
    /// <summary>
    /// <c>dotnet basalt-server.dll</c> from the test output folder. Environment overrides:
    /// <c>BASALT_SERVER_DLL</c> (another dll path), <c>BASALT_TEST_SERVER=redis</c> (run redis-server instead,
    /// to check the tests themselves against the reference).
    /// </summary>
    Basalt,

    /// <summary>The real <c>redis-server</c> from PATH (override with <c>BASALT_REDIS_SERVER</c>).</summary>
    Redis,
}
