module example.com/fixkinds

go 1.19
