using System.Net;
using System.Net.Sockets;
using Flix.TestSupport.Http;

namespace Flix.TestSupport.Tests.Http;

public sealed class LoopbackHttpServerTests
{
    /// <summary>
    /// Other tests pick free ports while a server closes. A port taken the moment the server lets go of it must not
    /// make the server's disposal fail (HttpListener bound the port again when it was stopped and then closed).
    /// </summary>
    [Fact]
    public async Task Disposing_while_another_socket_takes_the_port_at_once_does_not_fail()
    {
        using var http = new HttpClient();
        for (int round = 0; round < 50; round++)
        {
            var server = LoopbackHttpServer.Start(context => LoopbackHttpServer.ServeTextAsync(context, 200, "ok"));
            Assert.Equal("ok", await http.GetStringAsync(server.BaseUrl + "/"));

            using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var spinning = new ManualResetEventSlim();
            var taken = Task.Factory.StartNew(
                () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        try
                        {
                            squatter.Bind(new IPEndPoint(IPAddress.Loopback, server.Port));
                            squatter.Listen();
                            return true;
                        }
                        catch (SocketException)
                        {
                            spinning.Set();
                        }
                    }

                    return false;
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            Assert.True(spinning.Wait(TimeSpan.FromSeconds(10)), "the other socket never tried the port");
            await server.DisposeAsync();
            Assert.True(await taken, $"port {server.Port} was not free after the server was disposed");
        }
    }
}
