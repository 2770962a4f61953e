module meteo.example.net/hub

go 1.19
