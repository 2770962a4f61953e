module example.com/meteocapture

go 1.19
