// Each test runs three silo processes under load and measures recovery against the detection time; two at
// once on a 2-core machine would measure the machine, not the cluster.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
