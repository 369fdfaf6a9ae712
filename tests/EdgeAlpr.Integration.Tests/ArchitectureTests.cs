using System.Xml.Linq;

namespace EdgeAlpr.Integration.Tests;

/// <summary>
/// The dependency rule, read from the .csproj files: domain ← contracts ← application ← adapters ←
/// hosts. The application owns its ports and knows no outside system; each outside library stays
/// in the adapter for it; adapters do not reference one another except through the few shared
/// building blocks named below, each with its reason. A new reference that breaks the rule fails here.
/// </summary>
public sealed class ArchitectureTests
{
    private enum Layer
    {
        Domain,
        Contracts,
        Application,
        Shared,
        Adapter,
        Tools,
        Host,
    }

    private static readonly Dictionary<string, Layer> Layers = new(StringComparer.Ordinal)
    {
        ["EdgeAlpr.Core"] = Layer.Domain,
        ["EdgeAlpr.Contracts"] = Layer.Contracts,
        ["EdgeAlpr.Application"] = Layer.Application,
        // Building blocks with no outside system of their own, shared by adapters: durable and
        // secret files (every adapter that keeps a file), the verified model files (recognition).
        ["EdgeAlpr.FileSystem"] = Layer.Shared,
        ["EdgeAlpr.Models"] = Layer.Shared,
        ["EdgeAlpr.Vision.OpenCv"] = Layer.Adapter,
        ["EdgeAlpr.Vision.Portable"] = Layer.Adapter,
        ["EdgeAlpr.Inference.Onnx"] = Layer.Adapter,
        ["EdgeAlpr.Recognition"] = Layer.Adapter,
        ["EdgeAlpr.Capture"] = Layer.Adapter,
        ["EdgeAlpr.Pipeline"] = Layer.Adapter,
        ["EdgeAlpr.HotLists"] = Layer.Adapter,
        ["EdgeAlpr.Storage.LiteDb"] = Layer.Adapter,
        ["EdgeAlpr.Export"] = Layer.Adapter,
        ["EdgeAlpr.Passwords"] = Layer.Adapter,
        ["EdgeAlpr.Uplink.Mqtt"] = Layer.Adapter,
        ["EdgeAlpr.Alerts.Audio"] = Layer.Adapter,
        ["EdgeAlpr.Alerts.Gpio"] = Layer.Adapter,
        ["EdgeAlpr.Location.Gps"] = Layer.Adapter,
        ["EdgeAlpr.Synthesis"] = Layer.Adapter,
        ["EdgeAlpr.Console.Web"] = Layer.Adapter,
        ["EdgeAlpr.Tools"] = Layer.Tools,
        ["EdgeAlpr.Hosting"] = Layer.Host,
        ["EdgeAlpr.Agent"] = Layer.Host,
    };

    /// <summary>
    /// The adapter-to-adapter references allowed, each for a reason: the plate reader is one
    /// adapter assembled with its inference part, and the camera path (capture, sampling,
    /// tracking) feeds frames to it. The picture operations are a port
    /// (<c>IPictureOperations</c>) the host chooses an implementation of, so no adapter names one.
    /// </summary>
    private static readonly HashSet<(string From, string To)> AdapterParts =
    [
        ("EdgeAlpr.Recognition", "EdgeAlpr.Inference.Onnx"),
        ("EdgeAlpr.Pipeline", "EdgeAlpr.Capture"),
        ("EdgeAlpr.Pipeline", "EdgeAlpr.Recognition"),
    ];

    /// <summary>Outside libraries and the only projects that may name them.</summary>
    private static readonly Dictionary<string, string[]> LibraryOwners = new(StringComparer.Ordinal)
    {
        ["LiteDB"] = ["EdgeAlpr.Storage.LiteDb"],
        ["MQTTnet"] = ["EdgeAlpr.Uplink.Mqtt", "EdgeAlpr.Tools"],
        ["MQTTnet.Server"] = ["EdgeAlpr.Tools"],
        ["OpenCvSharp4"] = ["EdgeAlpr.Vision.OpenCv"],
        ["SkiaSharp"] = ["EdgeAlpr.Vision.Portable", "EdgeAlpr.Synthesis"],
        ["Microsoft.ML.OnnxRuntime"] = ["EdgeAlpr.Inference.Onnx"],
        ["System.Device.Gpio"] = ["EdgeAlpr.Alerts.Gpio"],
        ["Konscious.Security.Cryptography.Argon2"] = ["EdgeAlpr.Passwords"],
    };

    private static readonly string[] NoOutsideLibrary = ["LiteDB", "MQTTnet", "OpenCvSharp4", "Microsoft.ML.OnnxRuntime", "System.Device.Gpio"];

    [Fact]
    public void Every_project_in_src_has_a_layer()
    {
        Assert.DoesNotContain(Projects().Keys, p => !Layers.ContainsKey(p));
    }

    [Fact]
    public void References_point_only_inwards()
    {
        var wrong = new List<string>();
        foreach ((string project, Csproj csproj) in Projects())
        {
            Layer from = Layers[project];
            foreach (string target in csproj.Projects)
            {
                Layer to = Layers[target];
                bool allowed = from switch
                {
                    Layer.Domain => false,
                    Layer.Contracts => to is Layer.Domain,
                    Layer.Application => to is Layer.Domain or Layer.Contracts,
                    Layer.Shared => to is Layer.Domain,
                    Layer.Adapter => to is Layer.Domain or Layer.Contracts or Layer.Application or Layer.Shared
                        || AdapterParts.Contains((project, target)),
                    Layer.Tools => to is not Layer.Tools,
                    Layer.Host => true,
                    _ => false,
                };
                if (!allowed)
                {
                    wrong.Add($"{project} ({from}) → {target} ({to})");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void The_application_and_the_contracts_name_no_outside_system()
    {
        Dictionary<string, Csproj> projects = Projects();
        foreach (string inner in new[] { "EdgeAlpr.Core", "EdgeAlpr.Contracts", "EdgeAlpr.Application" })
        {
            Assert.Empty(projects[inner].Packages.Intersect(NoOutsideLibrary));
            // Nor through another project: the whole closure is checked.
            Assert.Empty(Closure(projects, inner).SelectMany(p => projects[p].Packages).Intersect(NoOutsideLibrary));
        }
    }

    [Fact]
    public void Each_outside_library_stays_in_its_adapter()
    {
        var wrong = new List<string>();
        foreach ((string project, Csproj csproj) in Projects())
        {
            foreach (string package in csproj.Packages)
            {
                if (LibraryOwners.TryGetValue(package, out string[]? owners) && !owners.Contains(project))
                {
                    wrong.Add($"{project} references {package}, which belongs to {string.Join(" or ", owners)}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    /// <summary>
    /// The namespaces of each outside library and the projects whose code may name them. Capture,
    /// the plate reader and the camera pipeline hand one another Core's <c>BgrPicture</c>, whatever
    /// image library made it.
    /// </summary>
    private static readonly (string Namespace, string[] Projects)[] LibraryNamespaces =
    [
        ("OpenCvSharp", ["EdgeAlpr.Vision.OpenCv"]),
        ("SkiaSharp", ["EdgeAlpr.Vision.Portable", "EdgeAlpr.Synthesis"]),
        ("Microsoft.ML.OnnxRuntime", ["EdgeAlpr.Inference.Onnx"]),
        ("System.Device.Gpio", ["EdgeAlpr.Alerts.Gpio"]),
        ("System.Device.Pwm", ["EdgeAlpr.Alerts.Gpio"]),
        ("LiteDB", ["EdgeAlpr.Storage.LiteDb"]),
        ("MQTTnet", ["EdgeAlpr.Uplink.Mqtt", "EdgeAlpr.Tools"]),
        ("Konscious.Security.Cryptography", ["EdgeAlpr.Passwords"]),
        // ASP.NET Core comes as a framework reference, not a package, so only this check keeps it in the console.
        ("Microsoft.AspNetCore", ["EdgeAlpr.Console.Web"]),
    ];

    [Fact]
    public void Code_names_an_outside_library_only_in_its_adapter()
    {
        // What a project's code names, not only what its .csproj lists: a library reached through
        // another project's reference is still a library used.
        string src = Path.Combine(TestPaths.Root, "src");
        var wrong = new List<string>();
        foreach (string file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            string project = Path.GetRelativePath(src, file).Split('/')[0];
            string text = File.ReadAllText(file);
            foreach ((string ns, string[] owners) in LibraryNamespaces)
            {
                bool names =
                    text.Contains($"using {ns};", StringComparison.Ordinal)
                    || text.Contains($"using {ns}.", StringComparison.Ordinal)
                    || text.Contains($" {ns}.", StringComparison.Ordinal)
                    || text.Contains($"({ns}.", StringComparison.Ordinal);
                if (names && !owners.Contains(project))
                {
                    wrong.Add($"{Path.GetRelativePath(src, file)} names {ns}, which belongs to {string.Join(" or ", owners)}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public void The_graph_is_read_from_the_real_files()
    {
        // Guards the rule tests against passing on an empty or misread tree.
        Dictionary<string, Csproj> projects = Projects();
        Assert.True(projects.Count >= 15, $"only {projects.Count} projects found under src/");
        Assert.Contains("LiteDB", projects["EdgeAlpr.Storage.LiteDb"].Packages);
        Assert.Contains("EdgeAlpr.Application", projects["EdgeAlpr.Storage.LiteDb"].Projects);
        Assert.Contains("MQTTnet", projects["EdgeAlpr.Uplink.Mqtt"].Packages);
    }

    [Fact]
    public void No_class_is_longer_than_a_reader_can_hold_in_mind()
    {
        // Every partial file of a class counts: splitting a class into files does not make it smaller.
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(TestPaths.Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/obj/", StringComparison.Ordinal) || file.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            string[] text = File.ReadAllLines(file);
            if (text.Select(l => TypeDeclaration.Match(l)).FirstOrDefault(m => m.Success) is { } first)
            {
                string project = Path.GetRelativePath(Path.Combine(TestPaths.Root, "src"), file).Split('/')[0];
                string key = $"{project}: {first.Groups["name"].Value}";
                lines[key] = lines.GetValueOrDefault(key) + text.Length;
            }
        }

        Assert.True(lines.Count > 100, $"only {lines.Count} types found");
        Assert.Empty(lines.Where(l => l.Value > MaxClassLines).Select(l => $"{l.Key}: {l.Value} lines"));
    }

    private const int MaxClassLines = 620;

    private static readonly System.Text.RegularExpressions.Regex TypeDeclaration = new(
        @"^(public|internal)\s.*\b(class|record|struct)\s+(?<name>\w+)",
        System.Text.RegularExpressions.RegexOptions.Compiled
    );

    private static IEnumerable<string> Closure(Dictionary<string, Csproj> projects, string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out string? p))
        {
            foreach (string next in projects[p].Projects.Where(seen.Add))
            {
                pending.Push(next);
            }
        }

        return seen;
    }

    private static Dictionary<string, Csproj> Projects()
    {
        string src = Path.Combine(TestPaths.Root, "src");
        var projects = new Dictionary<string, Csproj>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(src, "*.csproj", SearchOption.AllDirectories))
        {
            XDocument doc = XDocument.Load(file);
            List<string> refs = doc.Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                .ToList();
            List<string> packages = doc.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList();
            projects[Path.GetFileNameWithoutExtension(file)] = new Csproj(refs, packages);
        }

        return projects;
    }

    private sealed record Csproj(IReadOnlyList<string> Projects, IReadOnlyList<string> Packages);
}
