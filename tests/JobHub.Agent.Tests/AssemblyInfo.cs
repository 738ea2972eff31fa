using System.Runtime.Versioning;

// These tests start /bin/sh scripts and use Unix file modes and symbolic links.
[assembly: SupportedOSPlatform("linux")]
