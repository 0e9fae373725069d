"""What the command line does besides running the machine: building the OS
and its disk (`build`), the benchmarks (`bench_*`) and fault injection
(`inject`)."""
