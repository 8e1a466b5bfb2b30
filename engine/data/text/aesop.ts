/**
 * Fables of Aesop, in the English of George Fyler Townsend's translation
 * (London, 1867): 59 fables with their morals, about 41 KB of plain ASCII.
 *
 * Public domain. Aesop's fables are ancient; Townsend's translation was
 * published in 1867 and its translator died in 1900, so it is out of copyright
 * everywhere. The text here was written out from memory for GateLab, not
 * downloaded: it follows Townsend closely but not word for word, and some
 * titles and morals are given in their common forms. Any wording that differs
 * from the 1867 text is offered under this project's license. See README.md.
 *
 * Kept as a TS module (not a .txt read with fs) so Node, Workers and bundlers
 * all load it the same way. Printable ASCII and newlines only.
 */
export const AESOP_FABLES = `THE WOLF AND THE LAMB

A Wolf, meeting with a Lamb astray from the fold, resolved not to lay violent hands on him, but to find some plea to justify to the Lamb the Wolf's right to eat him. He thus addressed him: "Sirrah, last year you grossly insulted me." "Indeed," bleated the Lamb in a mournful tone of voice, "I was not then born." Then said the Wolf, "You feed in my pasture." "No, good sir," replied the Lamb, "I have not yet tasted grass." Again said the Wolf, "You drink of my well." "No," exclaimed the Lamb, "I never yet drank water, for as yet my mother's milk is both food and drink to me." Upon which the Wolf seized him and ate him up, saying, "Well! I won't remain supperless, even though you refute every one of my imputations."

The tyrant will always find a pretext for his tyranny.

THE FOX AND THE GRAPES

A famished Fox saw some clusters of ripe black grapes hanging from a trellised vine. She resorted to all her tricks to get at them, but wearied herself in vain, for she could not reach them. At last she turned away, hiding her disappointment and saying: "The Grapes are sour, and not ripe as I thought."

It is easy to despise what you cannot get.

THE ANT AND THE GRASSHOPPER

In a field one summer's day a Grasshopper was hopping about, chirping and singing to its heart's content. An Ant passed by, bearing along with great toil an ear of corn he was taking to the nest. "Why not come and chat with me," said the Grasshopper, "instead of toiling and moiling in that way?" "I am helping to lay up food for the winter," said the Ant, "and recommend you to do the same." "Why bother about winter?" said the Grasshopper; "we have got plenty of food at present." But the Ant went on its way and continued its toil. When the winter came the Grasshopper had no food, and found itself dying of hunger, while it saw the ants distributing every day corn and grain from the stores they had collected in the summer. Then the Grasshopper knew:

It is best to prepare for the days of necessity.

THE HARE AND THE TORTOISE

A Hare one day ridiculed the short feet and slow pace of the Tortoise, who replied, laughing: "Though you be swift as the wind, I will beat you in a race." The Hare, believing her assertion to be simply impossible, assented to the proposal; and they agreed that the Fox should choose the course and fix the goal. On the day appointed for the race the two started together. The Tortoise never for a moment stopped, but went on with a slow but steady pace straight to the end of the course. The Hare, lying down by the wayside, fell fast asleep. At last waking up, and moving as fast as he could, he saw the Tortoise had reached the goal, and was comfortably dozing after her fatigue.

Slow but steady wins the race.

THE LION AND THE MOUSE

A Lion was awakened from sleep by a Mouse running over his face. Rising up angrily, he caught him and was about to kill him, when the Mouse piteously entreated, saying: "If you would only spare my life, I would be sure to repay your kindness." The Lion laughed and let him go. It happened shortly after this that the Lion was caught by some hunters, who bound him by strong ropes to the ground. The Mouse, recognizing his roar, came and gnawed the rope with his teeth, and set him free, exclaiming: "You ridiculed the idea of my ever being able to help you, expecting to receive from me any repayment of your favor; now you know that it is possible for even a Mouse to confer benefits on a Lion."

No act of kindness, however small, is ever wasted.

THE SHEPHERD'S BOY AND THE WOLF

A Shepherd-boy, who watched a flock of sheep near a village, brought out the villagers three or four times by crying out, "Wolf! Wolf!" and when his neighbors came to help him, laughed at them for their pains. The Wolf, however, did truly come at last. The Shepherd-boy, now really alarmed, shouted in an agony of terror: "Pray, do come and help me; the Wolf is killing the sheep." But no one paid any heed to his cries, nor rendered any assistance. The Wolf, having no cause of fear, at his leisure lacerated or destroyed the whole flock.

There is no believing a liar, even when he speaks the truth.

THE CROW AND THE PITCHER

A Crow perishing with thirst saw a pitcher, and hoping to find water, flew to it with delight. When he reached it, he discovered to his grief that it contained so little water that he could not possibly get at it. He tried everything he could think of to reach the water, but all his efforts were in vain. At last he collected as many stones as he could carry and dropped them one by one with his beak into the pitcher, until he brought the water within his reach and thus saved his life.

Necessity is the mother of invention.

THE FOX AND THE CROW

A Crow having stolen a bit of meat, perched in a tree and held it in her beak. A Fox, seeing this, longed to possess the meat himself, and by a wily stratagem succeeded. "How handsome is the Crow," he exclaimed, "in the beauty of her shape and in the fairness of her complexion! Oh, if her voice were only equal to her beauty, she would deservedly be considered the Queen of Birds!" This he said deceitfully; but the Crow, anxious to refute the reflection cast upon her voice, set up a loud caw and dropped the flesh. The Fox quickly picked it up, and thus addressed the Crow: "My good Crow, your voice is right enough, but your wit is wanting."

Do not trust flatterers.

THE TOWN MOUSE AND THE COUNTRY MOUSE

A Country Mouse invited a Town Mouse, an intimate friend, to pay him a visit and partake of his country fare. As they were on the bare plowlands, eating there wheat-stocks and roots pulled up from the hedgerow, the Town Mouse said to his friend, "You live here the life of the ants, while in my house is the horn of plenty. I am surrounded by every luxury, and if you will come with me, as I wish you would, you shall have an ample share of my dainties." The Country Mouse was easily persuaded, and returned to town with his friend. On his arrival, the Town Mouse placed before him bread, barley, beans, dried figs, honey, raisins, and, last of all, brought a dainty piece of cheese from a basket. The Country Mouse, being much delighted at the sight of such good cheer, expressed his satisfaction in warm terms and lamented his own hard fate. Just as they were beginning to eat, someone opened the door, and they both ran off squeaking, as fast as they could, to a hole so narrow that two could only find room in it by squeezing. They had scarcely begun their repast again when someone else entered to take something out of a cupboard, whereupon the two Mice, more frightened than before, ran away and hid themselves. At last the Country Mouse, almost famished, said to his friend: "Although you have prepared for me so dainty a feast, I must leave you to enjoy it by yourself. It is surrounded by too many dangers to please me. I prefer my bare plowlands and roots from the hedgerow, where I can live in safety, and without fear."

Better beans and bacon in peace than cakes and ale in fear.

THE DOG AND THE SHADOW

A Dog, crossing a bridge over a stream with a piece of flesh in his mouth, saw his own shadow in the water and took it for that of another Dog, with a piece of meat double his own in size. He immediately let go of his own, and fiercely attacked the other Dog to get his larger piece from him. He thus lost both: that which he grasped at in the water, because it was a shadow; and his own, because the stream swept it away.

Beware lest you lose the substance by grasping at the shadow.

THE NORTH WIND AND THE SUN

The North Wind and the Sun disputed as to which was the most powerful, and agreed that he should be declared the victor who could first strip a wayfaring man of his clothes. The North Wind first tried his power and blew with all his might, but the keener his blasts, the closer the Traveler wrapped his cloak around him, until at last, resigning all hope of victory, the Wind called upon the Sun to see what he could do. The Sun suddenly shone out with all his warmth. The Traveler no sooner felt his genial rays than he took off one garment after another, and at last, fairly overcome with heat, undressed and bathed in a stream that lay in his path.

Persuasion is better than force.

THE GOOSE WITH THE GOLDEN EGGS

A Cottager and his wife had a Hen that laid a golden egg every day. They supposed that the Hen must contain a great lump of gold in its inside, and in order to get the gold they killed it. Having done so, they found to their surprise that the Hen differed in no respect from their other hens. The foolish pair, thus hoping to become rich all at once, deprived themselves of the gain of which they were assured day by day.

Greed oft o'erreaches itself.

THE MICE IN COUNCIL

The Mice summoned a council to decide how they might best devise means of warning themselves of the approach of their great enemy the Cat. Among the many plans suggested, the one that found most favor was the proposal to tie a bell to the neck of the Cat, so that the Mice, being warned by the sound of the tinkling, might run away and hide themselves in their holes at his approach. But when the Mice further debated who among them should thus "bell the Cat," there was no one found to do it. At last an old Mouse got up and said: "That is all very well, but who is to bell the Cat?" The Mice looked at one another, and nobody spoke.

It is one thing to propose, another to execute.

THE FROGS ASKING FOR A KING

The Frogs, grieved at having no established Ruler, sent ambassadors to Jupiter entreating for a King. Perceiving their simplicity, he cast down a huge log into the lake. The Frogs were terrified at the splash occasioned by its fall and hid themselves in the depths of the pool. But as soon as they realized that the huge log was motionless, they swam again to the top of the water, dismissed their fears, climbed up, and began squatting on it in contempt. After some time they began to think themselves ill-treated in the appointment of so inert a Ruler, and sent a second deputation to Jupiter to pray that he would set over them another sovereign. He then gave them an Eel to govern them. When the Frogs discovered his easy good nature, they sent yet a third time to Jupiter to beg him to choose for them still another King. Jupiter, displeased with all their complaints, sent a Heron, who preyed upon the Frogs day by day till there were none left to croak upon the lake.

Let well enough alone.

THE FOX AND THE STORK

At one time the Fox and the Stork were on visiting terms and seemed very good friends. So the Fox invited the Stork to dinner, and for a joke put nothing before her but some soup in a very shallow dish. This the Fox could easily lap up, but the Stork could only wet the end of her long bill in it, and left the meal as hungry as when she began. "I am sorry," said the Fox, "the soup is not to your liking." "Pray do not apologize," said the Stork. "I hope you will return this visit, and come and dine with me soon." So a day was appointed when the Fox should visit the Stork; but when they were seated at table all that was for their dinner was contained in a very long-necked jar with a narrow mouth, in which the Fox could not insert his snout, so all he could manage to do was to lick the outside of the jar. "I will not apologize for the dinner," said the Stork.

One bad turn deserves another.

THE DOG IN THE MANGER

A Dog lay in a manger, and by his growling and snapping prevented the oxen from eating the hay which had been placed for them. "What a selfish Dog!" said one of them to his companions; "he cannot eat the hay himself, and yet refuses to allow those to eat who can."

People often grudge others what they cannot enjoy themselves.

THE MILKMAID AND HER PAIL

A farmer's daughter was carrying her Pail of milk from the field to the farmhouse, when she fell a-musing. "The money for which this milk will be sold will buy at least three hundred eggs. The eggs, allowing for all mishaps, will produce two hundred and fifty chickens. The chickens will become ready for the market when poultry will fetch the highest price, so that by the end of the year I shall have money enough from my share to buy a new gown. In this dress I will go to the Christmas parties, where all the young fellows will propose to me, but I will toss my head and refuse them every one." At this moment she tossed her head in unison with her thoughts, when down fell the milk pail to the ground, and all her imaginary schemes perished in a moment.

Do not count your chickens before they are hatched.

THE WOLF IN SHEEP'S CLOTHING

Once upon a time a Wolf resolved to disguise his appearance in order to secure food more easily. Encased in the skin of a sheep, he pastured with the flock, deceiving the shepherd by his costume. In the evening he was shut up by the shepherd in the fold; the gate was closed, and the entrance made thoroughly secure. But the shepherd, returning to the fold during the night to obtain meat for the next day, mistakenly caught up the Wolf instead of a sheep, and killed him instantly.

Harm seek, harm find.

THE ASS IN THE LION'S SKIN

An Ass, having put on the Lion's skin, roamed about in the forest and amused himself by frightening all the foolish animals he met in his wanderings. At last coming upon a Fox, he tried to frighten him also, but the Fox no sooner heard the sound of his voice than he exclaimed, "I might possibly have been frightened myself, if I had not heard your bray."

Fine clothes may disguise, but silly words will disclose a fool.

THE FATHER AND HIS SONS

A father had a family of sons who were perpetually quarreling among themselves. When he failed to heal their disputes by his exhortations, he determined to give them a practical illustration of the evils of disunion; and for this purpose he one day told them to bring him a bundle of sticks. When they had done so, he placed the faggot into the hands of each of them in succession, and ordered them to break it in pieces. They tried with all their strength, and were not able to do it. He next opened the faggot, took the sticks separately, one by one, and again put them into his sons' hands, upon which they broke them easily. He then addressed them in these words: "My sons, if you are of one mind, and unite to assist each other, you will be as this faggot, uninjured by all the attempts of your enemies; but if you are divided among yourselves, you will be broken as easily as these sticks."

Union gives strength.

THE OAK AND THE REEDS

A very large Oak was uprooted by the wind and thrown across a stream. It fell among some Reeds, which it thus addressed: "I wonder how you, who are so light and weak, are not entirely crushed by these strong winds." They replied, "You fight and contend with the wind, and consequently you are destroyed; while we, on the contrary, bend before the least breath of air, and therefore remain unbroken, and escape."

Stoop to conquer.

THE GNAT AND THE BULL

A Gnat settled on the horn of a Bull, and sat there a long time. Just as he was about to fly off, he made a buzzing noise, and inquired of the Bull if he would like him to go. The Bull replied, "I did not know you had come, and I shall not miss you when you go away."

Some men are of more consequence in their own eyes than in the eyes of their neighbors.

THE FOX WITHOUT A TAIL

A Fox caught in a trap escaped, but in so doing lost his tail. Thereafter, feeling his life a burden from the shame and ridicule to which he was exposed, he schemed to convince all the other Foxes that being tailless was much more attractive, thus making up for his own deprivation. He assembled a good many Foxes and publicly advised them to cut off their tails, saying that they would not only look much better without them, but that they would get rid of the weight of the brush, which was a very great inconvenience. One of them interrupting him said, "If you had not yourself lost your tail, my friend, you would not thus counsel us."

Distrust interested advice.

THE LION'S SHARE

The Lion went once a-hunting along with the Fox, the Jackal, and the Wolf. They hunted and they hunted till at last they surprised a Stag, and soon took its life. Then came the question how the spoil should be divided. "Quarter me this Stag," roared the Lion; so the other animals skinned it and cut it into four parts. Then the Lion took his stand in front of the carcass and pronounced judgment: "The first quarter is for me in my capacity as King of Beasts; the second is mine as arbiter; another share comes to me for my part in the chase; and as for the fourth quarter, well, as for that, I should like to see which of you will dare to lay a paw upon it." "Humph," grumbled the Fox as he walked away with his tail between his legs; but he spoke in a low growl.

You may share the labors of the great, but you will not share the spoil.

THE BAT AND THE WEASELS

A Bat who fell upon the ground and was caught by a Weasel pleaded to be spared his life. The Weasel refused, saying that he was by nature the enemy of all birds. The Bat assured him that he was not a bird, but a mouse, and thus was set free. Shortly afterwards the Bat again fell to the ground and was caught by another Weasel, whom he likewise entreated not to eat him. The Weasel said that he had a special hostility to mice. The Bat assured him that he was not a mouse, but a bird, and so escaped.

It is wise to turn circumstances to good account.

THE FARMER AND THE SNAKE

One winter a Farmer found a Snake stiff and frozen with cold. He had compassion on it, and taking it up, placed it in his bosom. The Snake was quickly revived by the warmth, and resuming its natural instincts, bit its benefactor, inflicting on him a mortal wound. "Oh," cried the Farmer with his last breath, "I am rightly served for pitying a scoundrel."

The greatest kindness will not bind the ungrateful.

THE MISCHIEVOUS DOG

A Dog used to run up quietly to the heels of everyone he met, and to bite them without notice. His master suspended a bell about his neck so that the Dog might give notice of his presence wherever he went. Thinking it a mark of distinction, the Dog grew proud of his bell and went tinkling it all over the marketplace. One day an old hound said to him: "Why do you make such an exhibition of yourself? That bell that you carry is not, believe me, any order of merit, but on the contrary a mark of disgrace, a public notice to all men to avoid you as an ill-mannered dog."

Notoriety is often mistaken for fame.

THE MISER

A Miser sold all that he had and bought a lump of gold, which he buried in a hole in the ground by the side of an old wall, and went to look at daily. One of his workmen observed his frequent visits to the spot and decided to watch his movements. He soon discovered the secret of the hidden treasure, and digging down, came to the lump of gold, and stole it. The Miser, on his next visit, found the hole empty and began to tear his hair and to make loud lamentations. A neighbor, seeing him overcome with grief and learning the cause, said, "Pray do not grieve so; but go and take a stone, and place it in the hole, and fancy that the gold is still lying there. It will do you quite the same service; for when the gold was there, you had it not, as you did not make the slightest use of it."

Wealth unused might as well not exist.

THE TRAVELERS AND THE BEAR

Two men were traveling together, when a Bear suddenly met them on their path. One of them climbed up quickly into a tree and concealed himself in the branches. The other, seeing that he must be attacked, fell flat on the ground, and when the Bear came up and felt him with his snout, and smelt him all over, he held his breath, and feigned the appearance of death as much as he could. The Bear soon left him, for it is said he will not touch a dead body. When he was quite gone, the other Traveler descended from the tree, and jocularly inquired of his friend what it was the Bear had whispered in his ear. "He gave me this advice," his companion replied. "Never travel with a friend who deserts you at the approach of danger."

Misfortune tests the sincerity of friends.

THE CRAB AND ITS MOTHER

A Crab said to her son, "Why do you walk so one-sided, my child? It is far more becoming to go straight forward." The young Crab replied: "Quite true, dear Mother; and if you will show me the straight way, I will promise to walk in it." The Mother tried in vain, and submitted without remonstrance to the reproof of her child.

Example is more powerful than precept.

THE BOYS AND THE FROGS

Some Boys, playing near a pond, saw a number of Frogs in the water and began to pelt them with stones. They killed several of them, when one of the Frogs, lifting his head out of the water, cried out: "Pray stop, my boys: what is sport to you, is death to us."

One man's pleasure may be another's pain.

THE MILLER, HIS SON, AND THEIR ASS

A Miller and his son were driving their Ass to a neighboring fair to sell him. They had not gone far when they met with a troop of women collected round a well, talking and laughing. "Look there," cried one of them, "did you ever see such fellows, to be trudging along the road on foot when they might ride?" The old man hearing this, quickly made his son mount the Ass, and continued to walk along merrily by his side. Presently they came up to a group of old men in earnest debate. "There," said one of them, "it proves what I was a-saying. What respect is shown to old age in these days? Do you see that idle lad riding while his old father has to walk? Get down, you young scapegrace, and let the old man rest his weary limbs." Upon this the old man made his son dismount, and got up himself. In this manner they had not proceeded far when they met a company of women and children: "Why, you lazy old fellow," cried several tongues at once, "how can you ride upon the beast, while that poor little lad there can hardly keep pace by the side of it?" The good-natured Miller immediately took up his son behind him. They had now almost reached the town. "Pray, honest friend," said a citizen, "is that Ass your own?" "Yes," replied the old man. "O, one would not have thought so," said the other, "by the way you load him. Why, you two fellows are better able to carry the poor beast than he you." "Anything to please you," said the old man; "we can but try." So, alighting with his son, they tied the legs of the Ass together and with the help of a pole endeavored to carry him on their shoulders over a bridge near the entrance to the town. This entertaining sight brought the people in crowds to laugh at it, till the Ass, not liking the noise nor the strange handling that he was subject to, broke the cords that bound him and, tumbling off the pole, fell into the river. Upon this, the old man, vexed and ashamed, made the best of his way home again, convinced that by endeavoring to please everybody he had pleased nobody, and lost his Ass in the bargain.

Try to please all, and you will please none.

THE KID AND THE WOLF

A Kid, returning without protection from the pasture, was pursued by a Wolf. Seeing he could not escape, he turned round, and said: "I know, friend Wolf, that I must be your prey, but before I die I would ask of you one favor: you will play me a tune to which I may dance." The Wolf complied, and while he was piping and the Kid was dancing, some hounds hearing the sound ran up and began chasing the Wolf. Turning to the Kid, he said, "It is just what I deserve; for I, who am only a butcher, should not have turned piper to please you."

Keep to your own trade.

THE WOLF AND THE CRANE

A Wolf who had a bone stuck in his throat hired a Crane, for a large sum, to put her head into his mouth and draw out the bone. When the Crane had extracted the bone and demanded the promised payment, the Wolf, grinning and grinding his teeth, exclaimed: "Why, you have surely already had a sufficient recompense, in having been permitted to draw out your head in safety from the mouth and jaws of a wolf."

In serving the wicked, expect no reward, and be thankful if you escape injury for your pains.

THE STAG AT THE POOL

A Stag overpowered by heat came to a spring to drink. Seeing his own shadow reflected in the water, he greatly admired the size and variety of his horns, but felt angry with himself for having such slender and weak feet. While he was thus contemplating himself, a Lion appeared at the pool and crouched to spring upon him. The Stag immediately took to flight, and exerting his utmost speed, as long as the plain was smooth and open kept himself easily at a safe distance from the Lion. But entering a wood he became entangled by his horns, and the Lion quickly came up to him and caught him. When too late, he thus reproached himself: "Woe is me! How I have deceived myself! These feet which would have saved me I despised, and I gloried in these antlers which have proved my destruction."

What is most truly valuable is often underrated.

THE LARK AND HER YOUNG ONES

A Lark had made her nest in the early spring on the young green wheat. The brood had almost grown to their full strength and attained the use of their wings, when the owner of the field, looking over his ripe crop, said, "The time has come when I must ask all my neighbors to help me with my harvest." One of the young Larks heard his speech and related it to his mother, inquiring of her to what place they should move for safety. "There is no occasion to move yet, my son," she replied; "the man who only sends to his friends to help him with his harvest is not really in earnest." The owner of the field came again a few days later and saw the wheat shedding the grain from excess of ripeness. He said, "I will come myself tomorrow with my laborers, and with as many reapers as I can hire, and will get in the harvest." The Lark on hearing these words said to her brood, "It is time now to be off, my little ones, for the man is in earnest this time; he no longer trusts his friends, but will reap the field himself."

Self-help is the best help.

THE FOX AND THE GOAT

A Fox one day fell into a deep well and could find no means of escape. A Goat, overcome with thirst, came to the same well, and seeing the Fox, inquired if the water was good. Concealing his sad plight under a merry guise, the Fox indulged in a lavish praise of the water, saying it was excellent beyond measure, and encouraging him to descend. The Goat, mindful only of his thirst, thoughtlessly jumped down, but just as he drank, the Fox informed him of the difficulty they were both in and suggested a scheme for their common escape. "If," said he, "you will place your forefeet upon the wall and bend your head, I will run up your back and escape, and will help you out afterwards." The Goat readily assented and the Fox leaped upon his back. Steadying himself with the Goat's horns, he safely reached the mouth of the well and made off as fast as he could. When the Goat upbraided him for breaking his promise, he turned around and cried out, "You foolish old fellow! If you had as many brains in your head as you have hairs in your beard, you would never have gone down before you had inspected the way up, nor have exposed yourself to dangers from which you had no means of escape."

Look before you leap.

THE HARES AND THE FROGS

The Hares, oppressed by their own exceeding timidity and weary of the perpetual alarm to which they were exposed, with one accord determined to put an end to themselves and their troubles by jumping from a lofty precipice into a deep lake below. As they scampered off in large numbers to carry out their resolve, the Frogs lying on the banks of the lake heard the noise of their feet and rushed helter-skelter to the deep water for safety. On seeing the rapid disappearance of the Frogs, one of the Hares cried out to his companions: "Stay, my friends, do not do as you intended; for you now see that there are creatures who are still more timid than ourselves."

There is always someone worse off than yourself.

THE DOG AND THE WOLF

A gaunt Wolf was almost dead with hunger when he happened to meet a House-dog who was passing by. "Ah, Cousin," said the Dog, "I knew how it would be; your irregular life will soon be the ruin of you. Why do you not work steadily as I do, and get your food regularly given to you?" "I would have no objection," said the Wolf, "if I could only get a place." "I will easily arrange that for you," said the Dog; "come with me to my master and you shall share my work." So the Wolf and the Dog went towards the town together. On the way there the Wolf noticed that the hair on a certain part of the Dog's neck was very much worn away, so he asked him how that had come about. "Oh, it is nothing," said the Dog. "That is only the place where the collar is put on at night to keep me chained up; it chafes a bit, but one soon gets used to it." "Is that all?" said the Wolf. "Then good-bye to you, Master Dog."

Better starve free than be a fat slave.

THE MOUNTAIN IN LABOR

A Mountain was once greatly agitated. Loud groans and noises were heard, and crowds of people came from all parts to see what was the matter. While they were assembled in anxious expectation of some terrible calamity, out came a Mouse.

Don't make much ado about nothing.

HERCULES AND THE WAGONER

A Carter was driving a wagon along a country lane, when the wheels sank down deep into a rut. The rustic driver, stupefied and aghast, stood looking at the wagon, and did nothing but utter loud cries to Hercules to come and help him. Hercules, it is said, appeared and thus addressed him: "Put your shoulders to the wheels, my man. Goad on your bullocks, and never more pray to me for help, until you have done your best to help yourself, or depend upon it you will henceforth pray in vain."

The gods help them that help themselves.

THE TORTOISE AND THE EAGLE

A Tortoise, lazily basking in the sun, complained to the sea-birds of her hard fate, that no one would teach her to fly. An Eagle, hovering near, heard her lamentation and demanded what reward she would give him if he would take her aloft and float her in the air. "I will give you," she said, "all the riches of the Red Sea." "I will teach you to fly then," said the Eagle; and taking her up in his talons he carried her almost to the clouds, suddenly he let her go, and she fell on a lofty mountain, dashing her shell to pieces. The Tortoise exclaimed in the moment of death: "I have deserved my present fate; for what had I to do with wings and clouds, who can with difficulty move about on the earth?"

If men had all they wished, they would be often ruined.

THE ASTRONOMER

An Astronomer used to go out at night to observe the stars. One evening, as he wandered through the suburbs with his whole attention fixed on the sky, he fell accidentally into a deep well. While he lamented and bewailed his sores and bruises, and cried loudly for help, a neighbor ran to the well, and learning what had happened said: "Hark ye, old fellow, why, in striving to pry into what is in heaven, do you not manage to see what is on earth?"

Mind the ground you walk on while you look at the stars.

THE FISHERMAN AND THE LITTLE FISH

A Fisherman who lived on the produce of his nets, one day caught a single small Fish as the result of his day's labor. The Fish, panting convulsively, thus entreated for his life: "O Sir, what good can I be to you, and how little am I worth? I am not yet come to my full size. Pray spare my life, and put me back into the sea. I shall soon become a large fish fit for the tables of the rich, and then you can catch me again, and make a handsome profit of me." The Fisherman replied, "I should indeed be a very simple fellow if, for the chance of a greater uncertain profit, I were to forego my present certain gain."

A little thing in hand is worth more than a great thing in prospect.

THE LION IN LOVE

A Lion demanded the daughter of a woodcutter in marriage. The Father, unwilling to grant, and yet afraid to refuse his request, hit upon this expedient to rid himself of his importunities. He expressed his willingness to accept the Lion as the suitor of his daughter on one condition: that he should allow him to extract his teeth, and cut off his claws, as his daughter was fearfully afraid of both. The Lion cheerfully assented to the proposal. But when the toothless, clawless Lion returned to repeat his request, the Woodman, no longer afraid, set upon him with his club, and drove him away into the forest.

Even the wildest can be tamed by love, and even the strongest can be disarmed by it.

THE EAGLE AND THE ARROW

An Eagle sat on a lofty rock, watching the movements of a Hare whom he sought to make his prey. An archer, who saw the Eagle from a place of concealment, took an accurate aim and wounded him mortally. The Eagle gave one look at the arrow that had entered his heart and saw in that single glance that its feathers had been furnished by himself. "It is a double grief to me," he exclaimed, "that I should perish by an arrow feathered from my own wings."

We often give our enemies the means of our own destruction.

THE VAIN JACKDAW

Jupiter determined, it is said, to create a sovereign over the birds, and made proclamation that on a certain day they should all present themselves before him, when he would himself choose the most beautiful among them to be king. The Jackdaw, knowing his own ugliness, searched through the woods and fields, and collected the feathers which had fallen from the wings of his companions, and stuck them in all parts of his body, hoping thereby to make himself the most beautiful of all. When the appointed day arrived, and the birds had assembled before Jupiter, the Jackdaw also made his appearance in his many-feathered finery. But when Jupiter proposed to make him king because of the beauty of his plumage, the birds indignantly protested, and each plucked from him his own feathers, leaving the Jackdaw nothing but a Jackdaw.

Borrowed plumes do not make fine birds.

THE COCK AND THE JEWEL

A Cock, scratching for food for himself and his hens, found a precious stone and exclaimed: "If your owner had found thee, and not I, he would have taken thee up, and have set thee in thy first estate; but I have found thee for no purpose. I would rather have one barleycorn than all the jewels in the world."

Precious things are for those that can prize them.

THE BELLY AND THE MEMBERS

The Members of the Body rebelled against the Belly, and said, "Why should we be perpetually engaged in administering to your wants, while you do nothing but take your rest, and enjoy yourself in luxury and self-indulgence?" The Members carried out their resolve and refused their assistance to the Belly. The Hands would not carry food to the Mouth, nor would the Mouth receive it, nor would the Teeth chew it. But after a day or two the whole Body was reduced to a state of extreme weakness, and the Members became convinced that even the Belly, in its dull quiet way, was doing necessary work for the Body, and that all must work together or the Body will go to pieces.

Each part does its share for the good of the whole.

THE ASS AND THE LAPDOG

A man had an Ass, and a Maltese Lapdog, a very great beauty. The Ass was left in a stable and had plenty of oats and hay to eat, just as any other Ass would. The Lapdog knew many tricks and was a great favorite with his master, who often fondled him and seldom went out to dine without bringing him home some tidbit to eat. The Ass, on the contrary, had much work to do in grinding the corn-mill and in carrying wood from the forest or burdens from the farm. He often lamented his own hard fate and contrasted it with the luxury and idleness of the Lapdog, till at last one day he broke his cords and halter, and galloped into his master's house, kicking up his heels without measure, and frisking and fawning as well as he could. He next tried to jump about his master as he had seen the Lapdog do, but he broke the table and smashed all the dishes upon it to atoms. He then attempted to lick his master, and jumped upon his back. The servants, hearing the strange hubbub and perceiving the danger of their master, quickly relieved him, and drove out the Ass to his stable with kicks and clubs and cuffs. The Ass, as he returned to his stall beaten nearly to death, thus lamented: "I have brought it all on myself! Why could I not have been contented to labor with my companions, and not wish to be idle all the day like that useless little Lapdog!"

To be satisfied with one's lot is better than to desire something which one is not fitted to receive.

THE SERPENT AND THE FILE

A Serpent in the course of its wanderings came into an armourer's shop. As he glided over the floor he felt his skin pricked by a file lying there. In a rage he turned round upon it and tried to dart his fangs into it; but he could do no harm to heavy iron and had soon to give over his wrath.

It is useless attacking the insensible.

THE TWO POTS

A River carried down in its stream two Pots, one made of earthenware and the other of brass. The Earthen Pot said to the Brass Pot, "Pray keep at a distance and do not come near me, for if you touch me ever so slightly, I shall be broken in pieces, and besides, I by no means wish to come near you."

Equals make the best friends.

THE FIGHTING COCKS AND THE EAGLE

Two Game Cocks were fiercely fighting for the mastery of the farmyard. One at last put the other to flight. The vanquished Cock skulked away and hid himself in a quiet corner. The conqueror, flying up to a high wall, flapped his wings and crowed exultingly with all his might. An Eagle sailing through the air pounced upon him and carried him off in his talons. The vanquished Cock immediately came out of his corner, and ruled henceforth with undisputed mastery.

Pride goes before destruction.

THE ANT AND THE DOVE

An Ant went to the bank of a river to quench its thirst, and being carried away by the rush of the stream, was on the point of drowning. A Dove sitting on a tree overhanging the water plucked a leaf and let it fall into the stream close to her. The Ant climbed onto it and floated in safety to the bank. Shortly afterwards a birdcatcher came and stood under the tree, and laid his lime-twigs for the Dove, which sat in the branches. The Ant, perceiving his design, stung him in the foot. In pain the birdcatcher threw down the twigs, and the noise made the Dove take wing.

One good turn deserves another.

THE HORSE AND THE GROOM

A Groom used to spend whole days in currycombing and rubbing down his Horse, but at the same time stole his oats and sold them for his own profit. "Alas!" said the Horse, "if you really wish me to be in good condition, you should groom me less, and feed me more."

Fair words and fine looks are no substitute for honest dealing.

THE OLD MAN AND DEATH

An old laborer, bent double with age and toil, was gathering sticks in a forest. At last he grew so tired and hopeless that he threw down the bundle of sticks, and cried out: "I cannot bear this life any longer. Ah, I wish Death would only come and take me!" As he spoke, Death, a grisly skeleton, appeared and said to him: "What wouldst thou, Mortal? I heard thee call me." "Please, sir," replied the woodcutter, "would you kindly help me to lift this bundle of sticks on to my shoulder?"

We would often be sorry if our wishes were gratified.

THE TRAVELERS AND THE PLANE-TREE

Two Travelers, worn out by the heat of the summer's sun, laid themselves down at noon under the widespreading branches of a Plane-Tree. As they rested under its shade, one of the Travelers said to the other, "What a singularly useless tree is the Plane! It bears no fruit, and is not of the least service to man." The Plane-Tree, interrupting him, said, "You ungrateful fellows! Do you, while receiving benefits from me and resting under my shade, dare to describe me as useless, and unprofitable?"

Some men underrate their best blessings.

THE OXEN AND THE AXLE-TREES

A heavy wagon was being dragged along a country lane by a team of Oxen. The Axle-trees groaned and creaked terribly; whereupon the Oxen, turning round, thus addressed the wheels: "Hullo there! Why do you make so much noise? We bear all the labor, and we, not you, ought to cry out."

Those who suffer most cry out the least.

THE LION, THE ASS, AND THE FOX

The Lion, the Ass, and the Fox went hunting together, and agreed to share the prey. When they had taken a large booty, the Lion bade the Ass divide it. The Ass divided it into three equal parts, and begged the Lion to take his choice; at which the Lion, in a great rage, fell upon the Ass and tore him to pieces. He then bade the Fox make a division; and the Fox gathered nearly the whole of the booty into one heap for the Lion, keeping only a small morsel for himself. "Who taught you to divide so fairly?" asked the Lion. "The fate of the Ass," replied the Fox.

Happy is he who learns from the misfortunes of others.
`;
