using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text;
using System.Threading;
using McpModule.FileSystem;
using McpModule.Model.Data;

namespace McpModule.Model.Caching
{
    /// Reads what RenderCacheWriter wrote. A file that does not read as written (cut short, a
    /// string index out of the table, an unknown tag) is InvalidDataException: the caller renders.
    internal sealed class RenderCacheReader
    {
        // Values are never changed once rendered, so one boxed copy serves every place (fewer
        // objects for the first collection of a new process to move).
        private static readonly object BoxedTrue = true, BoxedFalse = false;
        private static readonly object[] SmallLongs = MakeSmallLongs();
        private static object[] MakeSmallLongs()
        {
            var boxes = new object[1024];
            for (var i = 0; i < boxes.Length; i++) boxes[i] = (long)i;
            return boxes;
        }

        private readonly BinaryReader _in;
        private readonly long _length;
        private readonly string[] _table;
        // For each string of the table, the last map (counted by _mapsRead) that had it as a key.
        private readonly int[] _keySeenIn;
        private int _mapsRead;
        // Every list and map defined so far, with the levels of lists and maps it holds.
        private readonly List<(object Value, int Depth)> _defined = new List<(object, int)>();

        /// length: the bytes input holds, the bound of any count read from it.
        internal RenderCacheReader(BinaryReader input, long length)
        {
            _in = input;
            _length = length;
            var count = input.ReadInt32();
            if (count < 0 || count > length) throw new InvalidDataException($"A string count of {count} in {length} bytes.");
            _table = new string[count];
            for (var i = 0; i < count; i++) _table[i] = input.ReadString();
            _keySeenIn = new int[count];
        }

        /// The files the renders were made from (RenderInputs.Files); read before the nodes.
        internal Dictionary<RenderInputs.InputName, RenderInputs.FileInput> ReadInputs()
        {
            var count = Count();
            var files = new Dictionary<RenderInputs.InputName, RenderInputs.FileInput>(count);
            for (var i = 0; i < count; i++)
            {
                var isNode = _in.ReadBoolean();
                var name = Str() ?? throw new InvalidDataException("An input without a name.");
                var relative = Str() ?? throw new InvalidDataException($"Input {name} without a place.");
                var hash = _in.ReadBytes(RenderInputs.HashLength);
                if (hash.Length != RenderInputs.HashLength) throw new InvalidDataException("An input's hash cut short.");
                var identity = _in.ReadBoolean() ? FileIdentity.Read(_in) : default;
                files[new RenderInputs.InputName(isNode, name)] = new RenderInputs.FileInput(relative, hash, identity);
            }
            return files;
        }

        /// Each render with the classes its node's own file lists; null when cancelled (checked
        /// before each node).
        internal List<(RenderedNode Node, string[] ListedClasses)> ReadNodes(CancellationToken cancellation)
        {
            var count = Count();
            var nodes = new List<(RenderedNode, string[])>(count);
            for (var i = 0; i < count; i++)
            {
                if (cancellation.IsCancellationRequested) return null;
                // The lists and maps the node holds that no node before it held, then the node.
                byte tag;
                while ((tag = _in.ReadByte()) != Tag.Node) Define(tag);
                var name = Str() ?? throw new InvalidDataException("A node without a name.");
                var listed = Strings();
                var entityName = Str();
                var uri = Str();
                var environment = Value(out _);
                var classes = Strings();
                var applications = Strings();
                var classesRead = Strings();
                var asksInventory = _in.ReadBoolean();
                var parameters = Value(out _) as OrderedMap ?? throw new InvalidDataException($"Node {name}: no parameters map.");
                var exports = Value(out _) as OrderedMap ?? throw new InvalidDataException($"Node {name}: no exports map.");
                nodes.Add((new RenderedNode(name, entityName, uri, environment, classes, applications, parameters, exports, asksInventory, classesRead), listed));
            }
            return nodes;
        }

        private string[] Strings()
        {
            var count = Count();
            var items = new string[count];
            for (var i = 0; i < count; i++) items[i] = Str() ?? throw new InvalidDataException("A null name in a list of names.");
            return items;
        }

        private int Count()
        {
            var count = _in.ReadInt32();
            // every item takes at least one byte
            if (count < 0 || count > _length) throw new InvalidDataException($"A count of {count} in {_length} bytes.");
            return count;
        }

        private string Str()
        {
            var i = StrIndex();
            return i < 0 ? null : _table[i];
        }

        // A string's place in the table, or -1 for null.
        private int StrIndex()
        {
            var i = _in.ReadInt32();
            if (i < -1 || i >= _table.Length) throw new InvalidDataException($"String {i} of a table of {_table.Length}.");
            return i;
        }

        /// Reads the definition of a list or map whose children are defined before it, and numbers it.
        private void Define(byte tag)
        {
            var depth = 0;
            object made;
            switch (tag)
            {
                case Tag.List:
                {
                    var count = Count();
                    var list = new List<object>(count);
                    for (var i = 0; i < count; i++)
                    {
                        list.Add(Value(out var below));
                        if (below >= depth) depth = below + 1;
                    }
                    made = list;
                    break;
                }
                case Tag.Map:
                {
                    var uri = Str();
                    var count = Count();
                    var map = new OrderedMap(count) { Uri = uri };
                    // A key twice is told by its place in the string table, not by hashing the keys.
                    _mapsRead++;
                    for (var i = 0; i < count; i++)
                    {
                        var k = StrIndex();
                        if (k < 0) throw new InvalidDataException("A null key.");
                        if (_keySeenIn[k] == _mapsRead) throw new InvalidDataException("A key twice in one map.");
                        _keySeenIn[k] = _mapsRead;
                        map.AddDistinct(_table[k], Value(out var below));
                        if (below >= depth) depth = below + 1;
                    }
                    made = map;
                    break;
                }
                default: throw new InvalidDataException($"Unknown definition tag {tag}.");
            }
            // A render never nests deeper than the engine's bound; a file that does would
            // overflow the stack of whatever walks the value.
            if (depth > ModelLimits.MaxNestingDepth) throw new InvalidDataException($"Values nested deeper than {ModelLimits.MaxNestingDepth} levels.");
            _defined.Add((made, depth));
        }

        /// A value in place: a scalar, or a list or map defined before. below: the levels of lists
        /// and maps in it (-1 for a scalar).
        private object Value(out int below)
        {
            below = -1;
            var tag = _in.ReadByte();
            switch (tag)
            {
                case Tag.Null: return null;
                case Tag.Text: return Str() ?? throw new InvalidDataException("A null string value.");
                case Tag.True: return BoxedTrue;
                case Tag.False: return BoxedFalse;
                case Tag.Int64:
                {
                    var l = _in.ReadInt64();
                    return l >= 0 && l < SmallLongs.Length ? SmallLongs[l] : l;
                }
                case Tag.Int32: return _in.ReadInt32();
                case Tag.Big: return new BigInteger(_in.ReadBytes(Count()));
                case Tag.Double: return _in.ReadDouble();
                case Tag.Ref:
                {
                    var i = _in.ReadInt32();
                    if (i < 0 || i >= _defined.Count) throw new InvalidDataException($"Definition {i} of {_defined.Count}.");
                    var (value, depth) = _defined[i];
                    below = depth;
                    return value;
                }
                default: throw new InvalidDataException($"Unknown value tag {tag}.");
            }
        }
    }
}
