from khobor.memo import Memo


def test_memo_computes_once_and_stays_bounded():
    calls = []

    def square(n):
        calls.append(n)
        return n * n

    memo = Memo(square, limit=3)
    assert list(map(memo.__getitem__, [2, 3, 2])) == [4, 9, 4]
    assert calls == [2, 3]
    for n in range(10):
        assert memo[n] == n * n
        assert len(memo) <= 3
    assert memo.get(99) is None  # .get never computes
