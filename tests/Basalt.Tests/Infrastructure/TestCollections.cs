using Xunit;

namespace Basalt.Tests.Infrastructure;

/// <summary>
/// Tests that load the machine heavily (thousands of connections, benchmarks, memory measurements) run in this
/// collection, which xunit runs on its own, never alongside other collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExclusiveCollection
{
    public const string Name = "Exclusive (not in parallel)";
}
