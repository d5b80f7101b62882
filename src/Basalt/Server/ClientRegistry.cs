namespace Basalt.Server;

/// <summary>The connected clients, by id; changed and read under the server lock.</summary>
public sealed class ClientRegistry
{
    private readonly SortedDictionary<long, ClientSession> _clients = new();
    private long _nextId;

    public int Count => _clients.Count;

    public IEnumerable<ClientSession> All => _clients.Values;

    public long NextId() => Interlocked.Increment(ref _nextId);

    public void Add(ClientSession client) => _clients[client.Id] = client;

    public void Remove(ClientSession client) => _clients.Remove(client.Id);

    public ClientSession? Find(long id) => _clients.GetValueOrDefault(id);
}
