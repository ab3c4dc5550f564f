def test_hello(): pass
