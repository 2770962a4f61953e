module example.com/leakyshop

go 1.19
