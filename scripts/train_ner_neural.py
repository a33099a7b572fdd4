"""Train the neural Bengali NER tagger (sparse word features + char-CNN + BiLSTM) and export it for numpy.

    python scripts/train_ner_neural.py --rifat DIR --banglakit DIR --out-dir khobor/analyze [--dev [--export-dev]] [--epochs N]
    python scripts/train_ner_neural.py --stack OUT.npz IN.npz IN.npz ...   # one file averaging several seeds

Needs PyTorch (training only; the shipped tagger in ``khobor/analyze/neural.py`` runs on
numpy). Data and splits are those of ``scripts/train_ner.py``: rifat train.txt plus the
fixed 80% of banglakit. With ``--dev`` one quarter of rifat train is held out and scored
after every epoch (choose settings there, never on the test set); without it the model is
trained on all training data for ``--epochs`` epochs, exported to ``ner-neural-NAME.npz``
with its lexicon/cluster resources ``ner-resources-neural-NAME.json.gz``, and the exported
numpy tagger is scored on rifat test.txt (deduplicated) and the banglakit held-out 20%.

Word features are the CRF's own-word features (``ner.FeatureMaker``); as for the CRF, the
lexicon features of each training sentence come from a lexicon built on the other folds.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
sys.path.insert(0, str(Path(__file__).resolve().parent))

from khobor.analyze.ner import FeatureMaker, NerTagger  # noqa: E402
from training.stack import stack_exports  # noqa: E402
from training.ner_data import project, score, training_sets  # noqa: E402
from khobor.analyze.ner_resources import Resources
from training.resources import build_clusters, build_lexicon  # noqa: E402
from khobor.analyze.neural import TAGS, allowed_transitions, context_features, viterbi, word_chars  # noqa: E402
from train_ner import FOLDS  # noqa: E402

TAG_INDEX = {t: i for i, t in enumerate(TAGS)}


def sentence_features(features: FeatureMaker, words: list[str], banglakit: bool = False) -> list[list[str]]:
    """What the numpy tagger sums per word: own features plus context marks (plus the banglakit domain flag)."""
    cached = [features._get(w) for w in words]
    context = context_features(features, [c[0] for c in cached], [c[1] for c in cached], words)
    return [list(c[2]) + extra + (["dom=bk"] if banglakit else []) for c, extra in zip(cached, context)]


def featurize(data, clusters, word_clusters=None) -> list[list[list[str]]]:
    """Training sentences' features, lexicon features from the other folds."""
    out: list = [None] * len(data)
    for fold in range(FOLDS):
        others = [(s.words, s.word_tags) for i, (s, _) in enumerate(data) if i % FOLDS != fold]
        features = FeatureMaker(build_lexicon(others, Resources(clusters=clusters)), word_clusters=word_clusters)
        for i, (sent, banglakit) in enumerate(data):
            if i % FOLDS == fold:
                out[i] = sentence_features(features, sent.words, banglakit)
    return out


class Net(nn.Module):
    def __init__(self, n_features, n_chars, dim=64, char_dim=24, filters=50, width=3, hidden=100, dropout=0.5, crf=False):
        super().__init__()
        # CRF output layer: transition scores (row len(TAGS) = sentence start); BIO-breaking moves fixed at -1e4
        self.transitions = nn.Parameter(torch.zeros(len(TAGS) + 1, len(TAGS))) if crf else None
        self.register_buffer("penalty", torch.tensor(np.where(allowed_transitions(), 0.0, -1e4), dtype=torch.float32))
        self.features = nn.EmbeddingBag(n_features, dim, mode="sum")
        nn.init.normal_(self.features.weight, std=0.1)
        self.chars = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.conv = nn.Conv1d(char_dim, filters, width, padding=width // 2)
        self.lstm = nn.LSTM(dim + filters, hidden, bidirectional=True, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.width = width

    def forward(self, flat_ids, offsets, weights, char_ids, char_lens, lengths):
        words = self.features(flat_ids, offsets, per_sample_weights=weights)
        conv = self.conv(self.chars(char_ids).transpose(1, 2))  # (N, filters, L)
        mask = torch.arange(char_ids.shape[1])[None, :] >= char_lens[:, None]
        conv = conv.masked_fill(mask[:, None, :], float("-inf")).max(2).values.clamp(min=0)
        x = torch.cat([words, conv], 1)
        rows = torch.split(x, lengths.tolist())
        padded = nn.utils.rnn.pad_sequence(rows, batch_first=True)
        packed = nn.utils.rnn.pack_padded_sequence(self.drop(padded), lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
        return torch.log_softmax(self.out(self.drop(out)), -1)

    def loss(self, scores, gold, lengths):
        """Mean per word: token NLL, or with the CRF layer the sentence NLL (forward algorithm) summed over sentences."""
        if self.transitions is None:
            return nn.functional.nll_loss(scores.reshape(-1, len(TAGS)), gold.reshape(-1), ignore_index=-100)
        n = len(TAGS)
        trans = self.transitions + self.penalty
        mask = torch.arange(scores.shape[1])[None, :] < lengths[:, None]
        tags = gold.clamp(min=0)
        emitted = (scores.gather(2, tags[..., None]).squeeze(2) * mask).sum(1)
        moved = (trans[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
        path = trans[n, tags[:, 0]] + emitted + moved
        alpha = trans[n][None, :] + scores[:, 0]
        for t in range(1, scores.shape[1]):
            step = torch.logsumexp(alpha[:, :, None] + trans[None, :n, :], dim=1) + scores[:, t]
            alpha = torch.where(mask[:, t, None], step, alpha)
        return (torch.logsumexp(alpha, 1) - path).sum() / mask.sum()


class Encoded:
    """Sentences turned into index arrays for the network."""

    def __init__(self, sentences_feats, sentences_words, feature_index, char_index):
        self.items = []
        for feats, words in zip(sentences_feats, sentences_words):
            ids = [[feature_index[f] for f in fs if f in feature_index] for fs in feats]
            chars = [[char_index.get(ch, 1) for ch in word_chars(w)] for w in words]
            self.items.append((ids, chars))


IDENTITY = ("w=", "b=", "bg=", "bn=", "lr=", "lf=", "lt=", "lt2", "ls=", "c0=", "c1=")


def make_batch(items, drop: float = 0.0, word_drop: float = 0.0, identity: torch.Tensor | None = None):
    """Tensors for the network. ``drop``: each feature left out with this chance; ``word_drop``: each word loses
    the features that name it (``IDENTITY``: the word, its base, training lexicon and clusters) with this
    chance, as if training had never seen it — most names in new reports are new words."""
    flat, offsets, chars, lengths = [], [], [], []
    for ids, word_chars_ in items:
        lengths.append(len(ids))
        for word_ids in ids:
            offsets.append(len(flat))
            flat.extend(word_ids)
        chars.extend(word_chars_)
    longest = max(len(c) for c in chars)
    char_ids = torch.zeros((len(chars), longest + 0), dtype=torch.long)
    for row, c in enumerate(chars):
        char_ids[row, : len(c)] = torch.tensor(c, dtype=torch.long)
    flat_t = torch.tensor(flat, dtype=torch.long)
    weights = torch.ones(len(flat))
    if drop:
        weights = (torch.rand(len(flat)) >= drop).float()
    if word_drop and len(flat):
        offsets_t = torch.tensor(offsets, dtype=torch.long)
        word_of = torch.repeat_interleave(torch.arange(len(offsets)), torch.diff(torch.cat([offsets_t, torch.tensor([len(flat)])])))
        forgotten = torch.rand(len(offsets)) < word_drop
        weights = weights * ~(identity[flat_t] & forgotten[word_of])
    return (flat_t, torch.tensor(offsets, dtype=torch.long), weights, char_ids,
            torch.tensor([len(c) for c in chars]), torch.tensor(lengths))


def predict(net: Net, encoded: Encoded, batch_size: int = 256) -> list[list[str]]:
    net.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(encoded.items), batch_size):
            items = [item for item in encoded.items[start : start + batch_size] if item[0]]
            batch = make_batch(items)
            transitions = net.transitions.detach().numpy() if net.transitions is not None else None
            paths = iter(viterbi(net(*batch).numpy(), batch[-1].numpy(), transitions))
            for ids, _ in encoded.items[start : start + batch_size]:
                out.append([TAGS[t] for t in next(paths)[: len(ids)]] if ids else [])
    return out


def evaluate_tags(sentences, word_tags) -> dict[str, float]:
    gold = [s.tags for s in sentences]
    pred = [project(s, tags) for s, tags in zip(sentences, word_tags)]
    return {k: round(v, 4) for k, v in score(gold, pred).items()}


def export(net: Net, feature_vocab: list[str], char_vocab: list[str], path: Path) -> None:
    """Weights as float16 (embeddings) / float32 arrays in the layout ``neural.NeuralModel`` reads."""
    lstm = net.lstm
    w_ih = np.stack([lstm.weight_ih_l0.detach().numpy().T, lstm.weight_ih_l0_reverse.detach().numpy().T])
    w_hh = np.stack([lstm.weight_hh_l0.detach().numpy().T, lstm.weight_hh_l0_reverse.detach().numpy().T])
    b = np.stack([(lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy(), (lstm.bias_ih_l0_reverse + lstm.bias_hh_l0_reverse).detach().numpy()])
    conv = net.conv.weight.detach().numpy()  # (filters, char dim, width)
    np.savez_compressed(
        path,
        feature_vocab=np.array(feature_vocab), char_vocab=np.array(char_vocab),
        feature_emb=net.features.weight.detach().numpy().astype(np.float16),
        char_emb=net.chars.weight.detach().numpy().astype(np.float16),
        conv_w=conv.transpose(2, 1, 0).reshape(-1, conv.shape[0]).astype(np.float32),
        conv_b=net.conv.bias.detach().numpy(), conv_width=np.array(net.width),
        w_ih=w_ih.astype(np.float32), w_hh=w_hh.astype(np.float32), b=b.astype(np.float32),
        out_w=net.out.weight.detach().numpy().T.copy(), out_b=net.out.bias.detach().numpy(),
        **({"transitions": net.transitions.detach().numpy()} if net.transitions is not None else {}),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rifat", type=Path, help="folder with train.txt and test.txt")
    parser.add_argument("--banglakit", type=Path, help="folder with main.jsonl")
    parser.add_argument("--out-dir", type=Path)
    parser.add_argument("--stack", nargs="+", type=Path, metavar="FILE",
                        help="OUT IN IN ...: stack exports trained on the same data (other seeds) into OUT and exit")
    parser.add_argument("--name", default="v1")
    parser.add_argument("--dev", action="store_true", help="hold out 1/4 of rifat train (blocks of 50 sentences) and score it every epoch")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--lr-decay", type=float, default=1.0, help="learning rate multiplied by this after every epoch")
    parser.add_argument("--word-drop", type=float, default=0.0, help="chance that a word loses its identity features in training")
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--dropout", type=float, default=0.5)
    parser.add_argument("--feature-drop", type=float, default=0.3)
    parser.add_argument("--min-count", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--crf", action="store_true", help="a CRF output layer (learned tag transitions) instead of a softmax per word")
    parser.add_argument("--drop-features", nargs="*", default=[], metavar="PREFIX", help="leave out features starting with these (e.g. ep=)")
    parser.add_argument("--no-word-clusters", action="store_true", help="leave out the e5 word-cluster features (for comparison)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--export-dev", action="store_true", help="with --dev, also export the model trained without the dev part (for ensembles chosen on dev)")
    args = parser.parse_args()
    if args.stack:
        stack_exports(args.stack[1:], args.stack[0])
        return
    if not args.rifat or not args.out_dir:
        parser.error("--rifat and --out-dir are required for training")
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.perf_counter()

    data, evals = training_sets(args.rifat, args.banglakit, args.dev)
    clusters = build_clusters([sent.words for sent, _ in data])
    resources = build_lexicon([(s.words, s.word_tags) for s, _ in data], Resources(clusters=clusters))
    word_clusters = {} if args.no_word_clusters else None
    train_feats = featurize(data, clusters, word_clusters)
    print(f"{len(data)} training sentences featurized in {time.perf_counter() - started:.0f} s")

    counts = Counter(f for sent in train_feats for fs in sent for f in fs)
    feature_vocab = sorted(f for f, n in counts.items() if n >= args.min_count and not f.startswith(tuple(args.drop_features)))
    feature_index = {f: i for i, f in enumerate(feature_vocab)}
    char_counts = Counter(ch for s, _ in data for w in s.words for ch in word_chars(w))
    char_vocab = ["<pad>", "<unk>"] + sorted(ch for ch, n in char_counts.items() if n >= 2)
    char_index = {c: i for i, c in enumerate(char_vocab)}
    train_set = Encoded(train_feats, [s.words for s, _ in data], feature_index, char_index)
    labels = [torch.tensor([TAG_INDEX[t] for t in s.word_tags]) for s, _ in data]
    eval_features = FeatureMaker(resources, word_clusters=word_clusters)
    eval_sets = {name: (sents, Encoded([sentence_features(eval_features, s.words) for s in sents], [s.words for s in sents],
                                        feature_index, char_index)) for name, sents in evals.items()}
    print(f"{len(feature_vocab)} features, {len(char_vocab)} characters")

    net = Net(len(feature_vocab), len(char_vocab), dim=args.dim, hidden=args.hidden, dropout=args.dropout, crf=args.crf)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=args.lr_decay)
    identity = torch.tensor([f.startswith(IDENTITY) for f in feature_vocab])
    order = list(range(len(data)))
    for epoch in range(1, args.epochs + 1):
        net.train()
        random.shuffle(order)
        total = 0.0
        for start in range(0, len(order), args.batch):
            idx = order[start : start + args.batch]
            items = [train_set.items[i] for i in idx]
            batch = make_batch(items, args.feature_drop, args.word_drop, identity)
            scores = net(*batch)
            gold = nn.utils.rnn.pad_sequence([labels[i] for i in idx], batch_first=True, padding_value=-100)
            loss = net.loss(scores, gold, batch[-1])
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            optimizer.step()
            total += loss.item() * len(idx)
        schedule.step()
        line = f"epoch {epoch}: loss {total / len(order):.4f} ({time.perf_counter() - started:.0f} s)"
        if args.dev:
            line += " " + json.dumps({name: evaluate_tags(sents, predict(net, enc)) for name, (sents, enc) in eval_sets.items()})
        print(line, flush=True)

    if args.dev and not args.export_dev:
        return
    args.out_dir.mkdir(parents=True, exist_ok=True)
    model_path = args.out_dir / f"ner-neural-{args.name}.npz"
    resources_path = args.out_dir / f"ner-resources-neural-{args.name}.json.gz"
    export(net, feature_vocab, char_vocab, model_path)
    resources.save(resources_path)
    print(f"exported {model_path.stat().st_size / 1e6:.2f} MB + {resources_path.stat().st_size / 1e6:.2f} MB "
          f"in {time.perf_counter() - started:.0f} s")
    tagger = NerTagger(model_path, resources_path=resources_path)  # the shipped numpy forward pass
    results = {}
    for name, (sents, _) in eval_sets.items():
        results[name] = evaluate_tags(sents, tagger.tag_sentences([s.words for s in sents]))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
