"""The K32 machine: interpreter, devices, loader, debugger and the `k32` CLI."""
