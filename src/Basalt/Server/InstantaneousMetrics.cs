namespace Basalt.Server;

/// <summary>
/// The instantaneous_* figures of INFO stats: like Redis, the average over the last 16 samples of
/// the rate between two cron runs (one sample every 100 ms).
/// </summary>
public sealed class InstantaneousMetrics
{
    private const int Samples = 16;
    private const long SamplePeriodMs = 100;

    private readonly Series _ops = new();
    private readonly Series _input = new();
    private readonly Series _output = new();
    private long _lastSampleMs = -SamplePeriodMs;

    public double OpsPerSecond => _ops.Average;

    public double InputKbps => _input.Average / 1024;

    public double OutputKbps => _output.Average / 1024;

    /// <summary>Forgets the samples (CONFIG RESETSTAT), so that counters reset to zero give no negative rate.</summary>
    public void Reset()
    {
        _ops.Reset();
        _input.Reset();
        _output.Reset();
    }

    public void Sample(BasaltServer server, long nowMs)
    {
        if (nowMs - _lastSampleMs < SamplePeriodMs)
        {
            return;
        }
        _lastSampleMs = nowMs;
        _ops.Add(server.Stats.TotalCommandsProcessed, nowMs);
        _input.Add(Interlocked.Read(ref server.Stats.NetInputBytes), nowMs);
        _output.Add(Interlocked.Read(ref server.Stats.NetOutputBytes), nowMs);
    }

    private sealed class Series
    {
        private readonly double[] _rates = new double[Samples];
        private int _index;
        private long _lastValue = -1;
        private long _lastMs;

        public double Average => _rates.Average();

        public void Reset()
        {
            Array.Clear(_rates);
            _index = 0;
            _lastValue = -1;
        }

        public void Add(long value, long nowMs)
        {
            if (_lastValue >= 0 && nowMs > _lastMs)
            {
                _rates[_index] = (value - _lastValue) * 1000.0 / (nowMs - _lastMs);
                _index = (_index + 1) % Samples;
            }
            _lastValue = value;
            _lastMs = nowMs;
        }
    }
}
