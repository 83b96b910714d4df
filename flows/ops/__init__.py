"""Operating the tool: the `kam` command line, the operator stack, the demo and process-wide
runtime settings."""
