print("proxydash")
