using EdgeAlpr.Core.Text;

namespace EdgeAlpr.Core.Tests;

public class UrlCredentialsTests
{
    [Theory]
    [InlineData("rtsp://admin:s3cret@10.0.0.5:554/Streaming/101", "rtsp://***@10.0.0.5:554/Streaming/101")]
    [InlineData("rtsp://admin@camera.local/live", "rtsp://***@camera.local/live")]
    [InlineData("mqtts://unit-7:p%40ss@platform:8883", "mqtts://***@platform:8883")]
    [InlineData("mqtts://unit:a@b@platform:99999", "mqtts://***@platform:99999")]
    [InlineData("http://user:pw@cam?user=x@y", "http://***@cam?user=x@y")]
    [InlineData("rtsp://camera.local/live", "rtsp://camera.local/live")]
    [InlineData("http://camera.local/snap@2x.jpg", "http://camera.local/snap@2x.jpg")]
    [InlineData("/dev/video0", "/dev/video0")]
    [InlineData("not a url: user:pw@host", "not a url: user:pw@host")]
    [InlineData("rtsp://", "rtsp://")]
    public void Credentials_are_hidden_and_the_rest_kept(string url, string shown) => Assert.Equal(shown, UrlCredentials.Hide(url));
}
