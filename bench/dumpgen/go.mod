module dumpgen

go 1.19
