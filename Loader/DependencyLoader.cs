using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace McpModule.Loader
{
    /// PowerShell calls OnImport each time the module is imported into a runspace (this assembly is
    /// the manifest's nested module, imported before McpModule.dll), and OnRemove when it is
    /// removed from one.
    public sealed class McpModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyLoader.Attach();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyLoader.Detach();
    }

    /// Where the engine and the third-party libraries come from. McpModule.dll (the cmdlets) and
    /// this assembly load into PowerShell's default context; everything else ships in the module's
    /// dependencies/ folder, out of reach of the default context, so that another module's copies
    /// of the same libraries (Posh-SSH's SSH.NET, another YamlDotNet) neither break McpModule nor
    /// are broken by it:
    /// - pwsh 7 (.NET): the folder's assemblies load into a load context of their own
    ///   (McpLoadContext). The default context asks for the engine when PowerShell first reads
    ///   McpModule.dll's types (their fields and parameters name engine types: this is why the
    ///   loader is an assembly of its own, imported first); the AssemblyResolve handler below hands
    ///   it the engine from that context, and the engine's own references then resolve inside it.
    ///   Assemblies in a custom load context are invisible to PowerShell's type name resolution,
    ///   so the engine's public types are also registered as type accelerators under their full
    ///   names: [McpModule.McpCluster], -is [McpModule.States.McpStateResult] keep working in scripts.
    /// - Windows PowerShell 5.1 (.NET Framework, no load contexts): the engine loads by path
    ///   (Assembly.LoadFrom), whose context resolves its references from the same folder; strong-
    ///   named libraries of other versions load side by side. The handler unifies the versions the
    ///   netstandard2.0 shims (System.Memory, ...) ask for, which PowerShell's binding has no
    ///   redirects for.
    /// PowerShell/PSResourceGet does the same (src/code/ModuleInitAndCleanup.cs).
    /// On pwsh 7 the folder may also hold ReadyToRun copies of the engine and the libraries
    /// (dependencies/&lt;runtime identifier&gt;/, built by build.ps1 for the pwsh it runs on): the same IL with
    /// native code beside it, so that the first call runs compiled code instead of waiting for the JIT.
    /// They are taken only where the running .NET's RuntimeIdentifier names their folder: the runtime
    /// refuses (BadImageFormatException) an R2R image of another OS or architecture rather than falling
    /// back to its IL, and if it refuses one all the same, the IL copy loads. The cmdlets have none:
    /// PowerShell loads McpModule.dll from beside the manifest before it imports this nested module.
    internal static class DependencyLoader
    {
        internal const string EngineName = "McpModule.Engine";
        internal const string CmdletsName = "McpModule";
        internal const string FolderName = "dependencies";

        private static readonly object Gate = new object();
        private static readonly Assembly Self = typeof(DependencyLoader).Assembly;
        private static readonly string ModuleBase = Path.GetDirectoryName(Self.Location);
        private static readonly bool HasLoadContexts =
            typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") != null;

        // Simple name -> path of every assembly in dependencies/; set once.
        private static Dictionary<string, string> s_files;
        private static string s_folder;
        // pwsh 7: simple name -> path of the ReadyToRun copies that fit this runtime (empty if none).
        private static readonly Dictionary<string, string> s_readyToRun = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        // The McpLoadContext (pwsh 7); typed object so that this class never needs the type on 5.1.
        private static object s_context;
        private static int s_imports;
        private static List<string> s_accelerators;

        internal static void Attach()
        {
            lock (Gate)
            {
                if (s_imports > 0) { s_imports++; return; }
                if (s_files == null) ReadFolder();
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                try
                {
                    // The engine at once, so that its types can be named right after Import-Module
                    // (before, it loaded with the first cmdlet that used it).
                    var engine = LoadDependency(EngineName);
                    if (HasLoadContexts) s_accelerators = TypeAcceleratorTable.AddPublicTypes(engine);
                }
                catch
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                    throw;
                }
                s_imports = 1;
            }
        }

        internal static void Detach()
        {
            lock (Gate)
            {
                if (s_imports == 0 || --s_imports > 0) return;
                AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                TypeAcceleratorTable.Remove(s_accelerators);
                s_accelerators = null;
            }
        }

        internal static bool IsDependency(string simpleName) => simpleName != null && s_files.ContainsKey(simpleName);

        /// Where to load an assembly from, the ReadyToRun copy first where there is one.
        internal static IReadOnlyList<string> PathsOf(string simpleName) =>
            s_readyToRun.TryGetValue(simpleName, out var native) ? new[] { native, s_files[simpleName] } : new[] { s_files[simpleName] };

        private static void ReadFolder()
        {
            var folder = Path.Combine(ModuleBase, FolderName);
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"McpModule's dependencies are missing: {folder} does not exist. Build the module with build.ps1 -Task Build.");
            var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.GetFiles(folder, "*.dll")) files[Path.GetFileNameWithoutExtension(file)] = file;
            if (!files.ContainsKey(EngineName))
                throw new FileNotFoundException($"McpModule's engine is missing from {folder}.", Path.Combine(folder, EngineName + ".dll"));
            s_folder = folder;
            s_files = files;
            if (HasLoadContexts)
            {
                ReadReadyToRunFolder(folder);
                s_context = CoreLoading.NewContext();
            }
        }

        // dependencies/<RuntimeIdentifier>/: RuntimeInformation.RuntimeIdentifier is .NET 5's (pwsh 7
        // has it; netstandard2.0 does not name it). Only names the IL folder has: nothing new comes in.
        private static void ReadReadyToRunFolder(string folder)
        {
            var rid = typeof(RuntimeInformation).GetProperty("RuntimeIdentifier", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string;
            if (string.IsNullOrEmpty(rid) || rid.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) return;
            var native = Path.Combine(folder, rid);
            if (!Directory.Exists(native)) return;
            foreach (var file in Directory.GetFiles(native, "*.dll"))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (s_files.ContainsKey(name)) s_readyToRun[name] = file;
            }
        }

        private static Assembly LoadDependency(string simpleName) =>
            HasLoadContexts ? CoreLoading.Load(s_context, simpleName) : Assembly.LoadFrom(s_files[simpleName]);

        private static Assembly OnAssemblyResolve(object sender, ResolveEventArgs args)
        {
            AssemblyName name;
            try { name = new AssemblyName(args.Name); }
            catch (ArgumentException) { return null; }
            if (!IsDependency(name.Name)) return null;
            var requester = args.RequestingAssembly;
            if (HasLoadContexts)
            {
                // The default context asks: for McpModule.dll's references, and for the engine by
                // name from anyone (PowerShell resolving an engine type by its assembly-qualified
                // name). Another module's request for a library we also ship is not ours to answer.
                if (!IsCmdlets(requester) && !string.Equals(name.Name, EngineName, StringComparison.OrdinalIgnoreCase)) return null;
            }
            else if (requester != null && !IsCmdlets(requester) && !IsIn(requester, s_folder))
            {
                return null;
            }
            return LoadDependency(name.Name);
        }

        private static bool IsCmdlets(Assembly assembly) =>
            assembly != null && string.Equals(assembly.GetName().Name, CmdletsName, StringComparison.OrdinalIgnoreCase) && IsIn(assembly, ModuleBase);

        private static bool IsIn(Assembly assembly, string folder)
        {
            string location;
            try { location = assembly.Location; }
            catch (NotSupportedException) { return false; }   // dynamic assemblies
            return !string.IsNullOrEmpty(location) &&
                string.Equals(Path.GetDirectoryName(location), folder, StringComparison.OrdinalIgnoreCase);
        }

        /// Everything that names AssemblyLoadContext: only ever called on pwsh 7, so that Windows
        /// PowerShell, which has no System.Runtime.Loader, never compiles it.
        private static class CoreLoading
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            internal static object NewContext() => new McpLoadContext();

            [MethodImpl(MethodImplOptions.NoInlining)]
            internal static Assembly Load(object context, string simpleName) => ((McpLoadContext)context).LoadDependency(simpleName);
        }
    }

    /// pwsh 7: the load context of the dependencies/ folder. It loads the folder's assemblies
    /// itself, except those the platform already provides at the version asked for (the .NET
    /// libraries, and PowerShell's own, whose netstandard2.0 stand-ins the folder carries for
    /// Windows PowerShell): those come from the default context, as they do for any module.
    /// The context's name is empty (System.Runtime.Loader's netstandard reference has no named
    /// constructor); its type, McpModule.Loader.McpLoadContext, tells it apart.
    internal sealed class McpLoadContext : AssemblyLoadContext
    {
        private readonly object _gate = new object();
        private readonly Dictionary<string, Assembly> _loaded = new Dictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _platform = ReadPlatformAssemblies();

        protected override Assembly Load(AssemblyName assemblyName)
        {
            if (!DependencyLoader.IsDependency(assemblyName.Name) || IsPlatform(assemblyName)) return null;
            return LoadDependency(assemblyName.Name);
        }

        internal Assembly LoadDependency(string simpleName)
        {
            lock (_gate)
            {
                if (!_loaded.TryGetValue(simpleName, out var assembly))
                {
                    assembly = LoadFirst(DependencyLoader.PathsOf(simpleName));
                    _loaded[simpleName] = assembly;
                }
                return assembly;
            }
        }

        // The ReadyToRun copy unless the runtime refuses it, then the IL one (the last path).
        private Assembly LoadFirst(IReadOnlyList<string> paths)
        {
            for (var i = 0; i < paths.Count - 1; i++)
            {
                try { return LoadFromAssemblyPath(paths[i]); }
                catch (BadImageFormatException) { }
            }
            return LoadFromAssemblyPath(paths[paths.Count - 1]);
        }

        private bool IsPlatform(AssemblyName name)
        {
            if (!_platform.TryGetValue(name.Name, out var path)) return false;
            if (name.Version == null) return true;
            try { return AssemblyName.GetAssemblyName(path).Version >= name.Version; }
            catch (Exception e) when (e is IOException || e is BadImageFormatException) { return false; }
        }

        // The trusted platform assemblies of this process: .NET's and PowerShell's own.
        private static Dictionary<string, string> ReadPlatformAssemblies()
        {
            var platform = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
                foreach (var path in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                    platform[Path.GetFileNameWithoutExtension(path)] = path;
            return platform;
        }
    }

    /// PowerShell's type accelerators (the table behind [pscustomobject], [ordered]): an internal
    /// class with a public static Add and Remove, reached through reflection as modules commonly
    /// do. Accelerators are process-wide.
    internal static class TypeAcceleratorTable
    {
        private static readonly Type Table = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

        /// Registers each public type of the assembly under its full name, unless that name is
        /// taken; returns the names added.
        internal static List<string> AddPublicTypes(Assembly assembly)
        {
            var added = new List<string>();
            var add = Table?.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(Type) }, null);
            var existing = Table?.GetProperty("Get", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IDictionary<string, Type>;
            if (add == null || existing == null) return added;   // a PowerShell without the table: nothing to do
            foreach (var type in assembly.GetExportedTypes())
            {
                if (type.FullName == null || existing.ContainsKey(type.FullName)) continue;
                add.Invoke(null, new object[] { type.FullName, type });
                added.Add(type.FullName);
            }
            return added;
        }

        internal static void Remove(List<string> names)
        {
            var remove = Table?.GetMethod("Remove", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null);
            if (names == null || remove == null) return;
            foreach (var name in names) remove.Invoke(null, new object[] { name });
        }
    }
}
