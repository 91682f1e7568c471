#nullable enable
using System;

namespace McpModule.Templates
{
    /// Bad input for a template: names the parameter (or context key) at fault.
    public sealed class McpTemplateException : ArgumentException
    {
        public McpTemplateException(string message, string parameterName) : base(message, parameterName) { }
        public override string Message => base.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0];
    }
}
