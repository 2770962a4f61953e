module example.com/hookd-driver

go 1.19
