module example.com/leakyapi

go 1.19
