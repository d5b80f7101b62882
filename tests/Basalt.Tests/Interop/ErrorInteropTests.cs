using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>Error replies (arity, syntax, ranges, unknown commands, WRONGTYPE), side by side with redis-server.</summary>
public sealed class ErrorInteropTests(ITestOutputHelper output)
{
    [Fact]
    public Task Generated_error_cases_match_redis() =>
        SideBySide.RunAsync("errors", SideBySide.SeedFor(5001), g => g.Errors(SideBySide.Scaled(900)), output);

    [Fact]
    public Task Wrong_type_errors_match_redis() =>
        SideBySide.RunAsync("wrongtype", SideBySide.SeedFor(5002), g => g.WrongType(SideBySide.Scaled(700)), output);
}
