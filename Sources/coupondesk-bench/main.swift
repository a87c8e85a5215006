// Placeholder; the benchmark suites are added by the issues that own them.
print("no benchmarks yet")
