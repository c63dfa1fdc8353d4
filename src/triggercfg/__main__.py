from ._entry import console

if __name__ == "__main__":  # pragma: no cover
    console()
