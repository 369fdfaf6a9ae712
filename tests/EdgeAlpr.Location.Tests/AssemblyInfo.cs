// Units run Linux; the tests use pseudo-terminals and Debian tools.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
