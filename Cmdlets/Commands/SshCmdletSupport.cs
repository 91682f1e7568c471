using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using McpModule.Execution;

namespace McpModule.Cmdlets
{
    /// A node's failure as an exception, so the ErrorRecord carries the whole result
    /// ($error[0].Exception.Result) while its message names the node and never a secret.
    public sealed class McpTransportException : Exception
    {
        public McpTransportException(McpCommandResult result) : base(result.Error.Message) { Result = result; }
        public McpCommandResult Result { get; }
        public McpTransportErrorKind Kind => Result.Error.KindValue;
    }

    /// What the SSH cmdlets share: turning pipeline input into targets, secrets into arrays,
    /// transport errors into ErrorRecords with stable ErrorIds.
    internal static class SshCmdletSupport
    {
        /// The target for one input object: an McpNode (address from its pillar), an object with
        /// Name and Address properties (e.g. a lab node), or a plain name/address.
        public static SshTarget ToTarget(object input)
        {
            var value = input is PSObject ps ? ps.BaseObject : input;
            switch (value)
            {
                case McpNode node:
                    return SshTarget.FromNode(node);
                case SshTarget target:
                    return target;
                case string name:
                    return SshTarget.FromName(name.Trim());
            }
            var wrapped = PSObject.AsPSObject(input);
            var nameProperty = wrapped.Properties["Name"]?.Value?.ToString();
            var address = wrapped.Properties["Address"]?.Value?.ToString();
            var cluster = wrapped.Properties["Cluster"]?.Value?.ToString();   // a lab node (Get-McpLab) names its cluster
            if (!string.IsNullOrEmpty(nameProperty))
                return new SshTarget(nameProperty, string.IsNullOrEmpty(address) ? nameProperty : address,
                                     addressSource: string.IsNullOrEmpty(address) ? "name" : "Address property",
                                     cluster: string.IsNullOrEmpty(cluster) ? null : cluster);
            return SshTarget.FromName(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        public static char[] ToChars(SecureString secure)
        {
            if (secure == null || secure.Length == 0) return null;
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                var chars = new char[secure.Length];
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return chars;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        public static string ErrorId(McpTransportErrorKind kind) => "Mcp.Ssh." + kind;

        public static ErrorCategory Category(McpTransportErrorKind kind)
        {
            switch (kind)
            {
                case McpTransportErrorKind.InvalidTarget: return ErrorCategory.InvalidArgument;
                case McpTransportErrorKind.Unreachable:
                case McpTransportErrorKind.JumpHost: return ErrorCategory.ConnectionError;
                case McpTransportErrorKind.Authentication: return ErrorCategory.AuthenticationError;
                case McpTransportErrorKind.HostKeyUnknown:
                case McpTransportErrorKind.HostKeyChanged: return ErrorCategory.SecurityError;
                case McpTransportErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case McpTransportErrorKind.Cancelled: return ErrorCategory.OperationStopped;
                case McpTransportErrorKind.NonZeroExit: return ErrorCategory.InvalidResult;
                default: return ErrorCategory.NotSpecified;
            }
        }

        public static ErrorRecord ToErrorRecord(McpCommandResult result, object targetObject) =>
            new ErrorRecord(new McpTransportException(result), ErrorId(result.Error.KindValue), Category(result.Error.KindValue), targetObject ?? result.Node);

        public static ErrorRecord ToErrorRecord(McpTransportError error, string node, object targetObject) =>
            ToErrorRecord(new McpCommandResult(node, null, null, null, null, TimeSpan.Zero, error), targetObject);
    }
}
